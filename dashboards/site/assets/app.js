// cchc dashboard page script. It reads the rows that 'cchc dashboard' or
// 'cchc serve' wrote into data/*.js (computed by the warehouse's marts and
// queries), and sorts, filters, searches and draws them; it computes no
// measure. Every label is set with textContent (or drawn by ECharts on a
// canvas), never as HTML.
(function () {
  'use strict';

  // ---- data files -------------------------------------------------------
  var store = {}, waiting = {};
  window.CCHC = {
    put: function (name, value) {
      store[name] = value;
      if (waiting[name]) { waiting[name].resolve(value); }
    }
  };
  function load(name) {
    if (store[name]) { return Promise.resolve(store[name]); }
    if (waiting[name]) { return waiting[name].promise; }
    var w = {};
    w.promise = new Promise(function (resolve, reject) { w.resolve = resolve; w.reject = reject; });
    waiting[name] = w;
    var s = document.createElement('script');
    s.src = 'data/' + name + '.js';
    s.onerror = function () { w.resolve(null); };
    document.body.appendChild(s);
    return w.promise;
  }
  function rows(t) {
    if (!t) { return []; }
    var out = new Array(t.r.length);
    for (var i = 0; i < t.r.length; i++) {
      var o = {}, r = t.r[i];
      for (var j = 0; j < t.c.length; j++) { o[t.c[j]] = r[j]; }
      out[i] = o;
    }
    return out;
  }
  function fileName(code) {
    var out = '';
    for (var i = 0; i < code.length; i++) {
      var c = code.charAt(i);
      if (/[A-Za-z0-9_-]/.test(c)) { out += c; } else {
        var bytes = unescape(encodeURIComponent(c));
        for (var k = 0; k < bytes.length; k++) {
          out += '~' + ('0' + bytes.charCodeAt(k).toString(16).toUpperCase()).slice(-2);
        }
      }
    }
    return out;
  }
  function scoresFile(index, comp) { return 'scores-' + fileName(index) + '-' + fileName(comp); }

  // ---- state in the URL hash -------------------------------------------
  var state = {};
  function readHash() {
    state = {};
    var h = location.hash.replace(/^#/, '');
    if (!h) { return; }
    h.split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i > 0) { state[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
    });
  }
  function writeHash() {
    var parts = Object.keys(state).sort().filter(function (k) { return state[k] !== '' && state[k] != null; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(state[k]); });
    history.replaceState(null, '', '#' + parts.join('&'));
  }
  function set(changes) {
    Object.keys(changes).forEach(function (k) { state[k] = changes[k] == null ? '' : String(changes[k]); });
    writeHash();
    render();
  }

  // ---- language -----------------------------------------------------------
  function lang() { return state.lang === 'en' ? 'en' : 'vi'; }
  function L(vi, en) { return lang() === 'en' ? en : vi; }
  function applyLang() {
    document.documentElement.setAttribute('data-lang', lang());
    document.documentElement.setAttribute('lang', lang());
    // carry the hash to the other pages, so index, year and map follow
    Array.prototype.forEach.call(document.querySelectorAll('header nav a'), function (a) {
      a.setAttribute('href', a.getAttribute('href').split('#')[0] + location.hash);
    });
  }

  // ---- DOM helpers ---------------------------------------------------------
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { e.textContent = attrs[k]; } else if (k === 'on') {
          Object.keys(attrs.on).forEach(function (ev) { e.addEventListener(ev, attrs.on[ev]); });
        } else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) { e.setAttribute(k, attrs[k]); }
      });
    }
    (kids || []).forEach(function (c) {
      if (c == null) { return; }
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }
  function $(id) { return document.getElementById(id); }
  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
      .toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  }
  function fmt(v, d) {
    if (v === null || v === undefined || v === '' || isNaN(v)) { return ''; }
    return Number(v).toFixed(d === undefined ? 2 : d);
  }
  function signed(v, d) {
    if (v === null || v === undefined) { return ''; }
    var s = fmt(v, d);
    return v > 0 ? '+' + s : s;
  }
  function intFmt(v) {
    if (v === null || v === undefined) { return ''; }
    return Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }
  function rankChange(r) {
    if (r.rank_change !== null && r.rank_change !== undefined) {
      if (r.rank_change > 0) { return '▲' + r.rank_change; }
      if (r.rank_change < 0) { return '▼' + (-r.rank_change); }
      return '=';
    }
    if (r.percentile_change !== null && r.percentile_change !== undefined) {
      return signed(r.percentile_change, 1) + ' ' + L('BPV', 'pctl');
    }
    return '';
  }
  function tip(lines) {
    var d = el('div');
    lines.forEach(function (l, i) { d.appendChild(el(i === 0 ? 'b' : 'div', { text: l })); });
    return d;
  }

  // ---- controls ------------------------------------------------------------
  function select(key, labelVI, labelEN, options, value) {
    var s = el('select', { id: 'sel-' + key, 'data-key': key, on: { change: function (e) { var c = {}; c[key] = e.target.value; set(c); } } });
    options.forEach(function (o) {
      var opt = el('option', { value: o.v, text: o.t });
      if (String(o.v) === String(value)) { opt.selected = true; }
      s.appendChild(opt);
    });
    return el('label', null, [L(labelVI, labelEN), s]);
  }
  function pick(key, options, def) {
    var v = state[key];
    for (var i = 0; i < options.length; i++) { if (String(options[i].v) === String(v)) { return v; } }
    state[key] = def === undefined ? (options.length ? String(options[0].v) : '') : String(def);
    return state[key];
  }
  function button(text, onclick, id) { return el('button', { type: 'button', id: id, on: { click: onclick } }, [text]); }

  // A province picker: type to search (diacritics and case ignored), pick to add.
  function provincePicker(units, key, maxN) {
    var chosen = (state[key] || '').split(',').filter(Boolean);
    var wrap = el('div', { 'class': 'picker' });
    var input = el('input', { id: 'picker-' + key, type: 'search', placeholder: L('Tìm tỉnh/thành…', 'Find a province…'), autocomplete: 'off' });
    var list = el('ul', { 'class': 'suggest', id: 'suggest-' + key, hidden: 'hidden' });
    input.addEventListener('input', function () {
      clear(list);
      var q = fold(input.value);
      if (!q) { list.setAttribute('hidden', 'hidden'); return; }
      unitList(units).filter(function (u) { return fold(u.name_vi).indexOf(q) >= 0 || fold(u.name_en).indexOf(q) >= 0; })
        .forEach(function (u) {
          list.appendChild(el('li', { 'data-code': u.province_code, on: { mousedown: function (e) {
            e.preventDefault();
            if (chosen.indexOf(u.province_code) < 0) { chosen.push(u.province_code); }
            if (maxN && chosen.length > maxN) { chosen = chosen.slice(chosen.length - maxN); }
            var c = {}; c[key] = chosen.join(','); set(c);
          } } }, [unitName(units, u.province_code)]));
        });
      if (list.firstChild) { list.removeAttribute('hidden'); } else { list.setAttribute('hidden', 'hidden'); }
    });
    var chips = el('div', { 'class': 'chips', id: 'chips-' + key });
    chosen.forEach(function (code) {
      chips.appendChild(el('span', { 'class': 'chip', 'data-code': code }, [unitName(units, code),
        el('button', { type: 'button', title: L('bỏ', 'remove'), on: { click: function () {
          var c = {}; c[key] = chosen.filter(function (x) { return x !== code; }).join(','); set(c);
        } } }, ['×'])]));
    });
    wrap.appendChild(input);
    wrap.appendChild(list);
    return el('label', null, [L('Tỉnh/thành', 'Provinces') + (maxN ? ' (≤' + maxN + ')' : ''), wrap, chips]);
  }

  // ---- reference from meta ------------------------------------------------
  var M = null;
  function unitList(units) { return M.units.filter(function (u) { return u.units === units; }); }
  function unitName(units, code) {
    for (var i = 0; i < M.units.length; i++) {
      var u = M.units[i];
      if (u.units === units && u.province_code === code) { return lang() === 'en' ? u.name_en : u.name_vi; }
    }
    return code;
  }
  function measure(index, comp) {
    for (var i = 0; i < M.measures.length; i++) {
      var m = M.measures[i];
      if (m.index === index && m.component === (comp || 'TOTAL')) { return m; }
    }
    return null;
  }
  function mName(m) { return m ? (lang() === 'en' ? m.name_en : m.name_vi) : ''; }
  function indexOptions(families) {
    return M.measures.filter(function (m) { return m.component === 'TOTAL' && families.indexOf(m.family) >= 0; })
      .map(function (m) { return { v: m.index, t: (m.family === 'index' ? m.index + ' — ' : '') + (lang() === 'en' ? m.index_name_en : m.index_name_vi) }; });
  }
  function componentOptions(index) {
    return M.measures.filter(function (m) { return m.index === index; })
      .map(function (m) { return { v: m.component, t: (m.component === 'TOTAL' ? '' : m.component + ' — ') + mName(m) }; });
  }
  function childComponents(index) {
    return M.measures.filter(function (m) { return m.index === index && m.parent === 'TOTAL'; });
  }
  function unitOptions(m) {
    var sets = (m ? m.unit_sets : '63,34').split(',');
    return ['63', '34'].filter(function (u) { return sets.indexOf(u) >= 0; })
      .map(function (u) { return { v: u, t: L('Bản đồ ' + u + ' đơn vị', u + '-unit map') }; });
  }
  function yearsOf(list) {
    var seen = {};
    list.forEach(function (r) { seen[r.year] = true; });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
  }
  function yearOptions(years) { return years.slice().reverse().map(function (y) { return { v: y, t: String(y) }; }); }
  function breaksOf(index) { return M.breaks.filter(function (b) { return b.index === index; }); }
  function breakNote(b) { return (lang() === 'en' ? b.note_en : b.note_vi) + (b.action === 'refuse' ? L(' (không so sánh qua mốc này)', ' (not compared across it)') : L(' (so sánh qua mốc này được đánh dấu)', ' (comparisons across it are flagged)')); }

  // ---- notes under charts ----------------------------------------------------
  function notes(list) {
    var n = clear($('notes'));
    var src = M.illustrative ? 'dữ liệu minh họa / illustrative data' : L('các tệp đã nạp vào kho (xem lệnh cchc loads)', 'the files loaded into the warehouse (see cchc loads)');
    n.appendChild(el('p', { 'class': 'source' }, [L('Nguồn: ', 'Source: ') + src]));
    list.forEach(function (t) { if (t) { n.appendChild(el('p', null, [t])); } });
  }
  function missingNote(units, present) {
    var have = {};
    present.forEach(function (c) { have[c] = true; });
    var miss = unitList(units).filter(function (u) { return !have[u.province_code]; }).map(function (u) { return unitName(units, u.province_code); });
    if (!miss.length) { return ''; }
    return L('Không có số liệu (' + miss.length + '): ', 'No figures (' + miss.length + '): ') + miss.join(', ');
  }
  function estimateNote(list) {
    var n = list.filter(function (r) { return r.estimated; }).length;
    if (!n) { return ''; }
    return L('Nét đứt / cột rỗng: ' + n + ' giá trị ước tính cho đơn vị sau sáp nhập 2025 (bình quân gia quyền các tỉnh cũ, trọng số ' + M.weights + ')',
      'Dashed / hollow: ' + n + ' values estimated for post-2025 units (weighted mean of the former provinces, ' + M.weights + ' weights)');
  }

  // ---- charts ---------------------------------------------------------------
  var charts = {};
  function chart(id, height) {
    var e = $(id);
    e.classList.add('on');
    if (height) { e.style.height = height + 'px'; }
    if (!charts[id]) { charts[id] = echarts.init(e, null, { renderer: 'canvas' }); } else { charts[id].resize(); }
    return charts[id];
  }
  function hideChart(id) {
    if (charts[id]) { charts[id].dispose(); delete charts[id]; }
    $(id).classList.remove('on');
    $(id).style.height = '';
  }
  var palette = ['#1a7f37', '#57a639', '#b7c43b', '#f2b134', '#e5732c', '#c23b22', '#8c2d19', '#6b6b6b'];
  var seriesColors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
  function groupColors(list) {
    // groups in the order of the best rank in them: best group darkest green
    var first = {}, order = [];
    list.forEach(function (r) { if (r.group_code && !(r.group_code in first)) { first[r.group_code] = order.length; order.push(r.group_code); } });
    return function (code) { return code in first ? palette[Math.min(first[code], palette.length - 1)] : '#4f7cac'; };
  }
  function barRanking(id, list, opts) {
    var color = groupColors(list);
    var c = chart(id, Math.max(260, list.length * 17 + 90));
    var names = list.map(function (r) { return opts.name(r); });
    c.setOption({
      animation: false,
      title: { text: opts.title, textStyle: { fontSize: 14 }, left: 8 },
      grid: { left: 150, right: 60, top: 40, bottom: 30 },
      tooltip: { trigger: 'item', formatter: function (p) { return tip(opts.tip(list[p.dataIndex])); } },
      xAxis: { type: 'value', scale: true, name: opts.unit || '' },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0, fontSize: 11 } },
      series: [{
        type: 'bar', barMaxWidth: 14,
        data: list.map(function (r) {
          var col = color(r.group_code);
          return r.estimated
            ? { value: opts.value(r), itemStyle: { color: 'rgba(255,255,255,0)', borderColor: col, borderType: 'dashed', borderWidth: 1.5 } }
            : { value: opts.value(r), itemStyle: { color: col } };
        }),
        label: { show: true, position: 'right', fontSize: 10, formatter: function (p) { return fmt(p.value, opts.digits === undefined ? 2 : opts.digits); } }
      }]
    }, true);
    return c;
  }
  function downloadBlob(name, blob) {
    var a = el('a', { download: name });
    a.href = URL.createObjectURL(blob);
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function pngButton(id, name) {
    return button(L('Tải ảnh PNG', 'Download PNG'), function () {
      if (!charts[id]) { return; }
      var url = charts[id].getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
      var a = el('a', { download: name + '.png', href: url });
      document.body.appendChild(a); a.click(); a.remove();
    }, 'png');
  }

  // ---- tables: sort, search, CSV of what is shown ---------------------------
  // csvCell neutralises a cell that a spreadsheet would run as a formula.
  function csvCell(s) {
    s = String(s == null ? '' : s);
    if (/^[=+\-@\t\r]/.test(s)) { s = "'" + s; }
    if (/[",\n\r]/.test(s)) { s = '"' + s.replace(/"/g, '""') + '"'; }
    return s;
  }
  window.CCHC.csvCell = csvCell;
  function dataTable(container, cols, list, opts) {
    opts = opts || {};
    var sortKey = state.sort || '', dir = state.dir === 'desc' ? -1 : 1, q = fold(state.q || '');
    var shown = list.filter(function (r) { return !q || fold(opts.search(r)).indexOf(q) >= 0; });
    var col = cols.filter(function (c) { return c.key === sortKey; })[0];
    if (col) {
      shown = shown.slice().sort(function (a, b) {
        var x = col.val ? col.val(a) : col.text(a), y = col.val ? col.val(b) : col.text(b);
        if (x === y) { return 0; }
        if (x === null || x === undefined || x === '') { return 1; }
        if (y === null || y === undefined || y === '') { return -1; }
        if (typeof x === 'string') { return dir * x.localeCompare(y, 'vi'); }
        return dir * (x < y ? -1 : 1);
      });
    }
    var t = el('table', { 'class': 'data', id: opts.id || 'datatable' });
    var head = el('tr');
    cols.forEach(function (c) {
      var mark = c.key === sortKey ? (dir > 0 ? ' ▲' : ' ▼') : '';
      head.appendChild(el('th', { 'data-key': c.key, on: { click: function () {
        set({ sort: c.key, dir: c.key === sortKey && dir > 0 ? 'desc' : 'asc' });
      } } }, [L(c.vi, c.en) + mark]));
    });
    t.appendChild(el('thead', null, [head]));
    var body = el('tbody');
    shown.forEach(function (r) {
      var tr = el('tr', { 'data-code': r.province_code, 'class': opts.highlight && opts.highlight(r) ? 'hl' : null });
      cols.forEach(function (c) {
        var td = el('td', { 'class': c.num ? 'num' : null, 'data-col': c.key }, [c.text(r)]);
        if (c.raw) { td.setAttribute('data-value', String(c.raw(r))); }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    var search = el('input', { id: 'search', type: 'search', value: state.q || '', placeholder: L('Tìm…', 'Search…'),
      on: { change: function (e) { set({ q: e.target.value }); } } });
    var csv = button(L('Tải CSV', 'Download CSV'), function () {
      var lines = [cols.map(function (c) { return csvCell(L(c.vi, c.en)); }).join(',')];
      shown.forEach(function (r) { lines.push(cols.map(function (c) { return csvCell(c.text(r)); }).join(',')); });
      downloadBlob((opts.file || 'cchc') + '.csv', new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }));
    }, 'csv');
    clear(container).appendChild(el('div', { 'class': 'controls' }, [el('label', null, [L('Tìm trong bảng', 'Search the table'), search]), csv]));
    container.appendChild(t);
    // the CSV text of exactly what is shown, for tests and for copying
    window.CCHC.shownCSV = function () {
      var out = [cols.map(function (c) { return csvCell(L(c.vi, c.en)); }).join(',')];
      shown.forEach(function (r) { out.push(cols.map(function (c) { return csvCell(c.text(r)); }).join(',')); });
      return out.join('\r\n') + '\r\n';
    };
    return shown;
  }
  function tabs(names) {
    var cur = pick('tab', names.map(function (n) { return { v: n[0] }; }));
    var t = clear($('tabs'));
    names.forEach(function (n) {
      t.appendChild(el('button', { type: 'button', id: 'tab-' + n[0], 'class': cur === n[0] ? 'active' : null,
        on: { click: function () { set({ tab: n[0] }); } } }, [L(n[1], n[2])]));
    });
    return cur;
  }

  // the standard selector row of an index view: index, component, map
  function indexControls(families, withComponent) {
    var index = pick('index', indexOptions(families));
    var comp = withComponent ? pick('comp', componentOptions(index), 'TOTAL') : 'TOTAL';
    var m = measure(index, comp);
    var units = pick('units', unitOptions(m), unitOptions(m).length ? unitOptions(m)[0].v : '63');
    var c = clear($('controls'));
    c.appendChild(select('index', 'Chỉ số', 'Index', indexOptions(families), index));
    if (withComponent) { c.appendChild(select('comp', 'Chỉ số thành phần', 'Component', componentOptions(index), comp)); }
    c.appendChild(select('units', 'Bản đồ', 'Map', unitOptions(m), units));
    return { index: index, comp: comp, units: units, m: m };
  }

  // ---- pages -----------------------------------------------------------------
  var views = {};

  views.rankings = function () {
    var s = indexControls(['index', 'training'], true);
    return load(scoresFile(s.index, s.comp)).then(function (d) {
      var all = rows(d && d.scores).filter(function (r) { return r.units === s.units; });
      var years = yearsOf(all);
      var year = Number(pick('year', yearOptions(years), years[years.length - 1]));
      $('controls').appendChild(select('year', 'Năm', 'Year', yearOptions(years), year));
      var list = all.filter(function (r) { return r.year === year; });
      var tab = tabs([['chart', 'Biểu đồ', 'Chart'], ['table', 'Bảng', 'Table']]);
      var title = s.index + ' ' + year + ' — ' + mName(s.m);
      var file = 'cchc_' + s.index + '_' + s.comp + '_' + year + '_' + s.units;
      var tipLines = function (r) {
        return [r.rank + '/' + r.n_ranked + ' ' + unitName(s.units, r.province_code),
          L('Điểm', 'Score') + ': ' + fmt(r.score) + (r.estimated ? L(' (ước tính)', ' (estimated)') : ''),
          L('Thay đổi', 'Change') + ': ' + rankChange(r), L('Nhóm', 'Group') + ': ' + (lang() === 'en' ? r.group_en : r.group_vi)];
      };
      var cols = [
        { key: 'rank', vi: 'Hạng', en: 'Rank', num: true, text: function (r) { return r.rank + '/' + r.n_ranked; }, val: function (r) { return r.rank; }, raw: function (r) { return r.rank; } },
        { key: 'province', vi: 'Tỉnh/thành', en: 'Province', text: function (r) { return unitName(s.units, r.province_code); } },
        { key: 'score', vi: 'Điểm', en: 'Score', num: true, text: function (r) { return fmt(r.score) + (r.estimated ? '~' : ''); }, val: function (r) { return r.score; }, raw: function (r) { return r.score; } },
        { key: 'change', vi: '±Hạng', en: 'Change', num: true, text: rankChange, val: function (r) { return r.rank_change; } },
        { key: 'pctile', vi: 'Bách phân vị', en: 'Percentile', num: true, text: function (r) { return fmt(r.percentile, 1); }, val: function (r) { return r.percentile; }, raw: function (r) { return r.percentile; } },
        { key: 'gap', vi: 'Cách đầu', en: 'Gap to leader', num: true, text: function (r) { return fmt(r.gap_to_leader); }, val: function (r) { return r.gap_to_leader; }, raw: function (r) { return r.gap_to_leader; } },
        { key: 'group', vi: 'Nhóm', en: 'Group', text: function (r) { return lang() === 'en' ? r.group_en : r.group_vi; } },
        { key: 'official', vi: 'Hạng công bố', en: 'Official rank', num: true, text: function (r) { return r.official_rank == null ? '' : String(r.official_rank); }, val: function (r) { return r.official_rank; } }
      ];
      if (tab === 'chart') {
        clear($('table'));
        barRanking('chart', list, { title: title, name: function (r) { return r.rank + '. ' + unitName(s.units, r.province_code); },
          value: function (r) { return r.score; }, tip: tipLines });
        $('summary').appendChild(pngButton('chart', file));
      } else {
        hideChart('chart');
        dataTable($('table'), cols, list, { search: function (r) { return unitName(s.units, r.province_code) + ' ' + r.province_code; }, file: file });
      }
      var brk = breaksOf(s.index).filter(function (b) { return b.year === year && (b.component === '' || b.component === s.comp); });
      notes([brk.length ? L('Thay đổi so với năm trước qua mốc đổi phương pháp: ', 'The change on the year before crosses a methodology break: ') + brk.map(breakNote).join('; ') : '',
        estimateNote(list), list.some(function (r) { return r.rank_change == null && r.percentile_change != null; }) ? L('BPV: số tỉnh xếp hạng khác năm trước, thay đổi tính bằng điểm bách phân vị', 'pctl: a different number ranked the year before, so the change is in percentile points') : '',
        missingNote(s.units, list.map(function (r) { return r.province_code; }))]);
    });
  };

  function defaultProvinces(list, n) {
    var years = yearsOf(list);
    var last = list.filter(function (r) { return r.year === years[years.length - 1]; }).sort(function (a, b) { return a.rank - b.rank; });
    return last.slice(0, n).map(function (r) { return r.province_code; }).join(',');
  }

  // lineSeries draws one province's values, reported points solid, estimated
  // ones hollow on a dashed line.
  function lineSeries(name, color, years, byYear, value) {
    var solid = years.map(function (y) { var r = byYear[y]; return r && !r.estimated ? value(r) : null; });
    var est = years.map(function (y, i) {
      var r = byYear[y];
      if (!r) { return null; }
      if (r.estimated) { return value(r); }
      var prev = byYear[years[i - 1]], next = byYear[years[i + 1]];
      return (prev && prev.estimated) || (next && next.estimated) ? value(r) : null;
    });
    var out = [{ name: name, type: 'line', data: solid, connectNulls: false, itemStyle: { color: color }, lineStyle: { color: color, width: 2 }, symbolSize: 7 }];
    if (est.some(function (v, i) { return v !== null && byYear[years[i]].estimated; })) {
      out.push({ name: name, type: 'line', data: est, itemStyle: { color: color }, symbol: 'emptyCircle', symbolSize: 8,
        lineStyle: { color: color, type: 'dashed', width: 2 } });
    }
    return out;
  }
  function breakLines(index, comp, years) {
    var marks = breaksOf(index).filter(function (b) { return (b.component === '' || b.component === comp) && years.indexOf(b.year) > 0; });
    return { silent: true, symbol: 'none', lineStyle: { color: '#b00', type: 'dotted', width: 1.5 },
      label: { formatter: function (p) { return L('đổi phương pháp ', 'method change ') + p.value; }, color: '#b00', fontSize: 10 },
      data: marks.map(function (b) { return { xAxis: String(b.year) }; }) };
  }

  views.trends = function () {
    var s = indexControls(['index', 'training'], true);
    return load(scoresFile(s.index, s.comp)).then(function (d) {
      var all = rows(d && d.scores).filter(function (r) { return r.units === s.units; });
      var changes = rows(d && d.changes).filter(function (r) { return r.units === s.units; });
      var years = yearsOf(all);
      if (!state.p) { state.p = defaultProvinces(all, 3); }
      var what = pick('what', [{ v: 'score' }, { v: 'rank' }]);
      var view = pick('view', [{ v: 'abs' }, { v: 'change' }]);
      var start = Number(pick('start', yearOptions(years), years[0]));
      var c = $('controls');
      c.appendChild(select('what', 'Giá trị', 'Value', [{ v: 'score', t: L('Điểm', 'Score') }, { v: 'rank', t: L('Thứ hạng', 'Rank') }], what));
      c.appendChild(select('view', 'Cách xem', 'View', [{ v: 'abs', t: L('Giá trị', 'Absolute') }, { v: 'change', t: L('Thay đổi từ năm gốc', 'Change since a start year') }], view));
      if (view === 'change') { c.appendChild(select('start', 'Năm gốc', 'Start year', yearOptions(years.slice(0, -1)), start)); }
      c.appendChild(provincePicker(s.units, 'p', 10));
      writeHash();
      var codes = state.p.split(',').filter(Boolean);
      var xs = years.filter(function (y) { return view === 'abs' || y >= start; });
      var series = [], refused = false, flagged = false;
      codes.forEach(function (code, i) {
        var byYear = {};
        all.filter(function (r) { return r.province_code === code; }).forEach(function (r) { byYear[r.year] = r; });
        var value;
        if (view === 'abs') {
          value = function (r) { return what === 'rank' ? r.rank : r.score; };
        } else {
          var ch = {};
          changes.filter(function (r) { return r.province_code === code && r.start_year === start; }).forEach(function (r) { ch[r.year] = r; });
          value = function (r) {
            if (r.year === start) { return 0; }
            var x = ch[r.year];
            if (!x) { return null; }
            if (x.crosses_break === 'refuse') { refused = true; return null; }
            if (x.crosses_break === 'flag') { flagged = true; }
            return what === 'rank' ? x.rank_change : x.score_change;
          };
        }
        lineSeries(unitName(s.units, code), seriesColors[i % seriesColors.length], xs, byYear, value).forEach(function (x) { series.push(x); });
      });
      if (series.length) { series[0].markLine = breakLines(s.index, s.comp, xs); }
      var ch = chart('chart', 520);
      ch.setOption({
        animation: false,
        title: { text: s.index + ' — ' + mName(s.m) + (view === 'change' ? L(' — thay đổi từ ', ' — change since ') + start : ''), textStyle: { fontSize: 14 }, left: 8 },
        legend: { top: 28, data: codes.map(function (code) { return unitName(s.units, code); }) },
        tooltip: { trigger: 'axis' },
        grid: { left: 60, right: 40, top: 70, bottom: 40 },
        xAxis: { type: 'category', data: xs.map(String) },
        yAxis: { type: 'value', scale: true, inverse: what === 'rank' && view === 'abs', min: what === 'rank' && view === 'abs' ? 1 : null },
        series: series
      }, true);
      $('summary').appendChild(pngButton('chart', 'cchc_trend_' + s.index));
      var brk = breaksOf(s.index).filter(function (b) { return (b.component === '' || b.component === s.comp) && xs.indexOf(b.year) > 0; });
      notes([brk.length ? L('Đường chấm đỏ: mốc đổi phương pháp — ', 'Red dotted line: methodology break — ') + brk.map(breakNote).join('; ') : '',
        refused ? L('Thay đổi qua mốc đổi phương pháp không được tính, để trống.', 'Changes across a methodology break that forbids comparison are left blank.') : '',
        flagged ? L('Một số thay đổi vượt qua mốc đổi phương pháp: so sánh thận trọng.', 'Some changes cross a flagged methodology break: compare with care.') : '',
        estimateNote(all.filter(function (r) { return codes.indexOf(r.province_code) >= 0; })),
        what === 'rank' ? L('Thứ hạng trên số tỉnh có điểm mỗi năm.', 'Ranks are out of the provinces with a score each year.') : '']);
    });
  };

  views.bump = function () {
    var s = indexControls(['index', 'training'], true);
    return load(scoresFile(s.index, s.comp)).then(function (d) {
      var all = rows(d && d.scores).filter(function (r) { return r.units === s.units; });
      var years = yearsOf(all);
      var top = pick('top', [{ v: '10' }, { v: '5' }, { v: '15' }, { v: '20' }, { v: 'chosen' }]);
      var a = Number(pick('a', yearOptions(years), years[0]));
      var b = Number(pick('b', yearOptions(years), years[years.length - 1]));
      var c = $('controls');
      c.appendChild(select('top', 'Hiển thị', 'Show', [{ v: '5', t: 'Top 5' }, { v: '10', t: 'Top 10' }, { v: '15', t: 'Top 15' }, { v: '20', t: 'Top 20' }, { v: 'chosen', t: L('Các tỉnh đã chọn', 'The chosen provinces') }], top));
      c.appendChild(provincePicker(s.units, 'p', 10));
      c.appendChild(select('a', 'Năm đầu (biểu đồ dốc)', 'From (slope)', yearOptions(years), a));
      c.appendChild(select('b', 'Năm cuối (biểu đồ dốc)', 'To (slope)', yearOptions(years), b));
      var codes = top === 'chosen' ? (state.p || '').split(',').filter(Boolean) : defaultProvinces(all, Number(top)).split(',').filter(Boolean);
      var series = codes.map(function (code, i) {
        var byYear = {};
        all.filter(function (r) { return r.province_code === code; }).forEach(function (r) { byYear[r.year] = r; });
        var color = seriesColors[i % seriesColors.length];
        return { name: unitName(s.units, code), type: 'line', data: years.map(function (y) { return byYear[y] ? byYear[y].rank : null; }),
          itemStyle: { color: color }, lineStyle: { width: 3, color: color }, symbolSize: 9,
          endLabel: { show: true, formatter: '{a}', fontSize: 11 } };
      });
      if (series.length) { series[0].markLine = breakLines(s.index, s.comp, years); }
      chart('chart', 520).setOption({
        animation: false,
        title: { text: L('Thứ hạng qua các năm — ', 'Rank over time — ') + s.index + ' ' + mName(s.m), textStyle: { fontSize: 14 }, left: 8 },
        tooltip: { trigger: 'item', formatter: function (p) { return tip([p.seriesName, years[p.dataIndex] + ': ' + L('hạng ', 'rank ') + p.value]); } },
        grid: { left: 50, right: 150, top: 50, bottom: 40 },
        xAxis: { type: 'category', data: years.map(String) },
        yAxis: { type: 'value', inverse: true, min: 1, name: L('hạng', 'rank') },
        series: series
      }, true);
      var pair = all.filter(function (r) { return (r.year === a || r.year === b) && codes.indexOf(r.province_code) >= 0; });
      var slope = codes.map(function (code, i) {
        var ra = pair.filter(function (r) { return r.province_code === code && r.year === a; })[0];
        var rb = pair.filter(function (r) { return r.province_code === code && r.year === b; })[0];
        var color = seriesColors[i % seriesColors.length];
        return { name: unitName(s.units, code), type: 'line', data: [ra ? ra.score : null, rb ? rb.score : null],
          itemStyle: { color: color }, lineStyle: { width: 2, color: color, type: (ra && ra.estimated) || (rb && rb.estimated) ? 'dashed' : 'solid' },
          label: { show: true, position: 'right', formatter: function (p) { return p.dataIndex === 1 ? p.seriesName + ' ' + fmt(p.value) : fmt(p.value); }, fontSize: 11 } };
      });
      chart('chart2', 520).setOption({
        animation: false,
        title: { text: L('Biểu đồ dốc: điểm ', 'Slope chart: score ') + a + ' → ' + b, textStyle: { fontSize: 14 }, left: 8 },
        tooltip: { trigger: 'item', formatter: function (p) { return tip([p.seriesName, (p.dataIndex ? b : a) + ': ' + fmt(p.value)]); } },
        grid: { left: 80, right: 220, top: 50, bottom: 40 },
        xAxis: { type: 'category', data: [String(a), String(b)], boundaryGap: false },
        yAxis: { type: 'value', scale: true },
        series: slope
      }, true);
      var brk = breaksOf(s.index).filter(function (x) { return x.year > Math.min(a, b) && x.year <= Math.max(a, b) && (x.component === '' || x.component === s.comp); });
      notes([brk.length ? L('Giữa hai năm có mốc đổi phương pháp: ', 'A methodology break lies between the two years: ') + brk.map(breakNote).join('; ') : '',
        estimateNote(pair), L('Thứ hạng trên số tỉnh có điểm mỗi năm.', 'Ranks are out of the provinces with a score each year.')]);
    });
  };

  views.heatmap = function () {
    var s = indexControls(['index'], false);
    var mode = pick('mode', [{ v: 'components' }, { v: 'years' }]);
    var kids = childComponents(s.index);
    $('controls').appendChild(select('mode', 'Dạng', 'Layout', [{ v: 'components', t: L('Tỉnh × chỉ số thành phần (một năm)', 'Provinces × components (one year)') }, { v: 'years', t: L('Tỉnh × năm (một chỉ số)', 'Provinces × years (one component)') }], mode));
    var files = mode === 'components' ? ['TOTAL'].concat(kids.map(function (k) { return k.component; })) : [pick('comp', componentOptions(s.index), 'TOTAL')];
    return Promise.all(files.map(function (f) { return load(scoresFile(s.index, f)); })).then(function (ds) {
      var total = rows(ds[0] && ds[0].scores).filter(function (r) { return r.units === s.units; });
      var years = yearsOf(total);
      var xs, cells = [], ylist, year;
      if (mode === 'components') {
        year = Number(pick('year', yearOptions(years), years[years.length - 1]));
        $('controls').appendChild(select('year', 'Năm', 'Year', yearOptions(years), year));
        ylist = total.filter(function (r) { return r.year === year; }).sort(function (a, b) { return a.rank - b.rank; });
        var comps = kids.filter(function (k, i) { return rows(ds[i + 1] && ds[i + 1].scores).some(function (r) { return r.year === year && r.units === s.units; }); });
        xs = comps.map(function (k) { return k.component; });
        comps.forEach(function (k, xi) {
          var idx = kids.indexOf(k) + 1;
          rows(ds[idx].scores).filter(function (r) { return r.year === year && r.units === s.units; }).forEach(function (r) {
            var yi = ylist.findIndex(function (t) { return t.province_code === r.province_code; });
            if (yi >= 0) { cells.push({ value: [xi, yi, r.percentile], r: r, m: k }); }
          });
        });
      } else {
        $('controls').appendChild(select('comp', 'Chỉ số thành phần', 'Component', componentOptions(s.index), files[0]));
        var last = years[years.length - 1];
        ylist = total.filter(function (r) { return r.year === last; }).sort(function (a, b) { return a.rank - b.rank; });
        xs = years.map(String);
        rows(ds[0].scores).filter(function (r) { return r.units === s.units; }).forEach(function (r) {
          var yi = ylist.findIndex(function (t) { return t.province_code === r.province_code; });
          if (yi >= 0) { cells.push({ value: [years.indexOf(r.year), yi, r.percentile], r: r, m: measure(s.index, files[0]) }); }
        });
      }
      chart('chart', Math.max(300, ylist.length * 15 + 120)).setOption({
        animation: false,
        title: { text: s.index + (mode === 'components' ? ' ' + year + L(' — bách phân vị theo chỉ số thành phần', ' — percentile by component') : ' — ' + mName(measure(s.index, files[0])) + L(' — bách phân vị theo năm', ' — percentile by year')), textStyle: { fontSize: 14 }, left: 8 },
        tooltip: { formatter: function (p) { var c = cells[p.dataIndex]; return tip([unitName(s.units, c.r.province_code), mName(c.m) + ' ' + c.r.year, L('Điểm', 'Score') + ': ' + fmt(c.r.score) + (c.r.estimated ? L(' (ước tính)', ' (estimated)') : ''), L('Hạng', 'Rank') + ': ' + c.r.rank + '/' + c.r.n_ranked, L('Bách phân vị', 'Percentile') + ': ' + fmt(c.r.percentile, 1)]); } },
        grid: { left: 150, right: 30, top: 50, bottom: 90 },
        xAxis: { type: 'category', data: xs, axisLabel: { rotate: 30, interval: 0 } },
        yAxis: { type: 'category', data: ylist.map(function (r) { return unitName(s.units, r.province_code); }), inverse: true, axisLabel: { interval: 0, fontSize: 10 } },
        visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#c23b22', '#f7f2c8', '#1a7f37'] }, text: ['100', '0'] },
        series: [{ type: 'heatmap', data: cells.map(function (c) { return c.value; }), emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } } }]
      }, true);
      var legend = mode === 'components' ? kids.map(function (k) { return k.component + ': ' + mName(k); }).join(' · ') : '';
      notes([L('Màu: bách phân vị trong năm (các chỉ số thành phần có thang khác nhau).', 'Colour: percentile within the year (components have different scales).'), legend,
        mode === 'years' && breaksOf(s.index).length ? breaksOf(s.index).map(breakNote).join('; ') : '',
        estimateNote(cells.map(function (c) { return c.r; }))]);
    });
  };

  function valueMeasures(families) {
    return M.measures.filter(function (m) { return m.component === 'TOTAL' && families.indexOf(m.family) >= 0; })
      .map(function (m) { return { v: m.index, t: (m.family === 'index' ? m.index + ' — ' : '') + mName(m) }; });
  }

  views.scatter = function () {
    return load('values').then(function (d) {
      var vals = rows(d.values), pairs = rows(d.pairs);
      var opts = valueMeasures(['index', 'training', 'dossier']);
      var x = pick('x', opts, opts[0] && opts[0].v), y = pick('y', opts, opts[1] ? opts[1].v : opts[0].v);
      var units = pick('units', [{ v: '63' }, { v: '34' }]);
      var common = pairs.filter(function (p) { return p.x === x && p.y === y && p.units === units; });
      var years = yearsOf(common);
      var year = Number(pick('year', yearOptions(years), years[years.length - 1]));
      var c = clear($('controls'));
      c.appendChild(select('x', 'Trục ngang', 'X axis', opts, x));
      c.appendChild(select('y', 'Trục dọc', 'Y axis', opts, y));
      c.appendChild(select('units', 'Bản đồ', 'Map', unitOptions(null), units));
      c.appendChild(select('year', 'Năm', 'Year', yearOptions(years), year));
      c.appendChild(provincePicker(units, 'p', 10));
      var chosen = (state.p || '').split(',').filter(Boolean);
      var xv = {}, pts = [];
      vals.forEach(function (v) { if (v.measure === x && v.year === year && v.units === units) { xv[v.province_code] = v; } });
      vals.forEach(function (v) {
        if (v.measure === y && v.year === year && v.units === units && xv[v.province_code]) { pts.push({ code: v.province_code, x: xv[v.province_code], y: v }); }
      });
      var st = common.filter(function (p) { return p.year === year; })[0];
      var sm = clear($('summary'));
      if (st) {
        sm.appendChild(el('span', { 'class': 'stat', id: 'stat-n' }, ['n = ' + st.n]));
        sm.appendChild(el('span', { 'class': 'stat', id: 'stat-r' }, ['Pearson r = ' + fmt(st.pearson, 3)]));
        sm.appendChild(el('span', { 'class': 'stat', id: 'stat-rho' }, ['Spearman ρ = ' + fmt(st.spearman, 3)]));
        sm.appendChild(el('span', { 'class': 'stat' }, [L('Đường hồi quy: y = ', 'Fitted line: y = ') + fmt(st.slope, 3) + ' x ' + (st.intercept >= 0 ? '+ ' : '− ') + fmt(Math.abs(st.intercept), 3)]));
      }
      var mx = measure(x), my = measure(y);
      var series = [{ type: 'scatter', symbolSize: 8, itemStyle: { color: '#4f7cac' },
        data: pts.filter(function (p) { return chosen.indexOf(p.code) < 0; }).map(function (p) { return { value: [p.x.score, p.y.score], code: p.code, est: p.x.estimated || p.y.estimated, itemStyle: p.x.estimated || p.y.estimated ? { color: 'rgba(255,255,255,0)', borderColor: '#4f7cac', borderWidth: 1.5 } : null }; }) },
      { type: 'scatter', symbolSize: 13, itemStyle: { color: '#d62728' },
        label: { show: true, position: 'right', formatter: function (p) { return unitName(units, p.data.code); } },
        data: pts.filter(function (p) { return chosen.indexOf(p.code) >= 0; }).map(function (p) { return { value: [p.x.score, p.y.score], code: p.code }; }) }];
      if (st && st.line_y_min !== null) {
        series.push({ type: 'line', symbol: 'none', silent: true, lineStyle: { color: '#555', type: 'dashed' }, data: [[st.x_min, st.line_y_min], [st.x_max, st.line_y_max]] });
      }
      pngButtonTo(sm, 'chart', 'cchc_scatter_' + x + '_' + y + '_' + year);
      chart('chart', 560).setOption({
        animation: false,
        title: { text: mName(my) + ' × ' + mName(mx) + ' — ' + year, textStyle: { fontSize: 14 }, left: 8 },
        tooltip: { trigger: 'item', formatter: function (p) { if (!p.data || !p.data.code) { return ''; } return tip([unitName(units, p.data.code), 'x: ' + fmt(p.value[0]), 'y: ' + fmt(p.value[1])]); } },
        grid: { left: 70, right: 120, top: 50, bottom: 60 },
        xAxis: { type: 'value', scale: true, name: mName(mx), nameLocation: 'middle', nameGap: 30 },
        yAxis: { type: 'value', scale: true, name: mName(my), nameLocation: 'middle', nameGap: 45 },
        series: series
      }, true);
      notes([L('r, ρ, n và đường hồi quy tính trong kho dữ liệu (DuckDB corr, regr_slope, regr_intercept; ρ = hệ số tương quan của thứ hạng) trên các tỉnh có cả hai giá trị.', 'r, ρ, n and the fitted line are computed in the warehouse (DuckDB corr, regr_slope, regr_intercept; ρ is the correlation of ranks) over the provinces with both values.'),
        estimateNote(pts.map(function (p) { return { estimated: p.x.estimated || p.y.estimated }; })),
        missingNote(units, pts.map(function (p) { return p.code; }))]);
    });
  };
  function pngButtonTo(container, id, name) { container.appendChild(pngButton(id, name)); }

  views.map = function () {
    return load('values').then(function (d) {
      var vals = rows(d.values);
      var opts = valueMeasures(['index', 'training', 'dossier']);
      var mcode = pick('measure', opts);
      var units = pick('units', [{ v: '63' }, { v: '34' }]);
      var mine = vals.filter(function (v) { return v.measure === mcode && v.units === units; });
      var years = yearsOf(mine);
      var year = Number(pick('year', yearOptions(years), years[years.length - 1]));
      var c = clear($('controls'));
      c.appendChild(select('measure', 'Chỉ số', 'Measure', opts, mcode));
      c.appendChild(select('units', 'Bản đồ', 'Map', unitOptions(null), units));
      c.appendChild(select('year', 'Năm', 'Year', yearOptions(years), year));
      var byCode = {};
      mine.filter(function (v) { return v.year === year; }).forEach(function (v) { byCode[v.province_code] = v; });
      var us = unitList(units);
      var maxRow = 0, maxCol = 0;
      us.forEach(function (u) { maxRow = Math.max(maxRow, u.tile_row); maxCol = Math.max(maxCol, u.tile_col); });
      var have = [], none = [], vmin = Infinity, vmax = -Infinity;
      us.forEach(function (u) {
        var v = byCode[u.province_code];
        if (v) { have.push({ value: [u.tile_col, u.tile_row, v.score], u: u, v: v }); vmin = Math.min(vmin, v.score); vmax = Math.max(vmax, v.score); } else { none.push({ value: [u.tile_col, u.tile_row, 0], u: u }); }
      });
      var cols = [], rowsAx = [];
      for (var i = 0; i <= maxCol; i++) { cols.push(String(i)); }
      for (var j = 0; j <= maxRow; j++) { rowsAx.push(String(j)); }
      var short = function (u) { var n = lang() === 'en' ? u.name_en : u.name_vi; return n.length > 13 ? n.slice(0, 12) + '.' : n; };
      var all = have.concat(none);
      var tileW = 96, tileH = 40;
      chart('chart', (maxRow + 1) * tileH + 130).setOption({
        animation: false,
        title: { text: mName(measure(mcode)) + ' — ' + year + ' — ' + L('bản đồ ' + units + ' đơn vị', units + '-unit map'), textStyle: { fontSize: 14 }, left: 8 },
        tooltip: { formatter: function (p) { var c = p.seriesIndex === 0 ? have[p.dataIndex] : none[p.dataIndex]; return tip([unitName(units, c.u.province_code), c.v ? fmt(c.v.score) + ' (' + c.v.rank + '/' + c.v.n_ranked + ')' + (c.v.estimated ? L(' ước tính', ' estimated') : '') : L('không có số liệu', 'no figures')]); } },
        grid: { left: 'center', width: (maxCol + 1) * tileW, top: 40, height: (maxRow + 1) * tileH },
        xAxis: { type: 'category', data: cols, show: false },
        yAxis: { type: 'category', data: rowsAx, inverse: true, show: false },
        visualMap: { seriesIndex: 0, min: isFinite(vmin) ? vmin : 0, max: isFinite(vmax) ? vmax : 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#c23b22', '#f7f2c8', '#1a7f37'] } },
        series: [{ type: 'heatmap', data: have.map(function (c) { return c.value; }), itemStyle: { borderColor: '#fff', borderWidth: 2 },
          label: { show: true, fontSize: 10, lineHeight: 13, color: '#111', formatter: function (p) { return short(have[p.dataIndex].u) + '\n' + fmt(have[p.dataIndex].v.score, 1); } } },
        { type: 'heatmap', data: none.map(function (c) { return c.value; }), itemStyle: { color: '#d5d9de', borderColor: '#fff', borderWidth: 2 },
          label: { show: true, fontSize: 10, lineHeight: 13, color: '#555', formatter: function (p) { return short(none[p.dataIndex].u); } } }]
      }, true);
      pngButtonTo(clear($('summary')), 'chart', 'cchc_map_' + mcode + '_' + year);
      notes([L('Mỗi ô là một đơn vị, đặt gần đúng vị trí địa lý, bắc xuống nam (data/reference/tile_layout_' + units + '.csv).', 'Each tile is one unit, placed roughly where it lies, north to south (data/reference/tile_layout_' + units + '.csv).'),
        estimateNote(have.map(function (c) { return c.v; })), none.length ? missingNote(units, have.map(function (c) { return c.u.province_code; })) + L(' (ô xám)', ' (grey tiles)') : '']);
      all = null;
    });
  };

  views.provinces = function () {
    clear($('controls'));
    notes([L('Mỗi đơn vị một trang: điểm, hạng, thay đổi, các chỉ số thành phần so với trung vị và tỉnh tốt nhất, xu hướng, đào tạo và hồ sơ.', 'One page per unit: scores, ranks, changes, components against the median and the best, trends, training and dossiers.')]);
    return Promise.resolve();
  };

  views.profile = function () {
    var units = document.body.getAttribute('data-units'), code = document.body.getAttribute('data-code');
    return Promise.all([load('profile-' + fileName(units + '-' + code)), load('values')]).then(function (ds) {
      var mine = rows(ds[0] && ds[0].scores);
      var vals = rows(ds[1].values).filter(function (v) { return v.units === units && v.province_code === code; });
      // summary: each index's latest overall score
      var latest = {};
      mine.filter(function (r) { return r.component === 'TOTAL'; }).forEach(function (r) { if (!latest[r.index] || latest[r.index].year < r.year) { latest[r.index] = r; } });
      var num = function (r, v) { return r.m.unit === 'count' ? intFmt(v) : fmt(v); };
      var sumRows = M.measures.filter(function (m) { return m.component === 'TOTAL' && latest[m.index]; }).map(function (m) { var r = latest[m.index]; r.m = m; return r; });
      var cols = [
        { key: 'index', vi: 'Chỉ số', en: 'Index', text: function (r) { return (r.m.family === 'index' ? r.index + ' — ' : '') + mName(r.m); } },
        { key: 'year', vi: 'Năm', en: 'Year', num: true, text: function (r) { return String(r.year); }, val: function (r) { return r.year; } },
        { key: 'score', vi: 'Điểm', en: 'Score', num: true, text: function (r) { return num(r, r.score) + (r.estimated ? '~' : ''); }, val: function (r) { return r.score; } },
        { key: 'rank', vi: 'Hạng', en: 'Rank', num: true, text: function (r) { return r.rank + '/' + r.n_ranked; }, val: function (r) { return r.rank; } },
        { key: 'change', vi: '±Hạng', en: 'Change', num: true, text: rankChange, val: function (r) { return r.rank_change; } },
        { key: 'median', vi: 'Trung vị', en: 'Median', num: true, text: function (r) { return num(r, r.median_score); }, val: function (r) { return r.median_score; } },
        { key: 'best', vi: 'Tốt nhất', en: 'Best', num: true, text: function (r) { return num(r, r.best_score); }, val: function (r) { return r.best_score; } },
        { key: 'group', vi: 'Nhóm', en: 'Group', text: function (r) { return lang() === 'en' ? r.group_en : r.group_vi; } }
      ];
      dataTable($('table'), cols, sumRows, { search: function (r) { return r.index + ' ' + mName(r.m); }, file: 'cchc_profile_' + units + '_' + code, id: 'profiletable' });
      var idxOpts = indexOptions(['index']).filter(function (o) { return latest[o.v]; });
      var index = pick('index', idxOpts);
      var years = yearsOf(mine.filter(function (r) { return r.index === index && r.component === 'TOTAL'; }));
      var year = Number(pick('year', yearOptions(years), years[years.length - 1]));
      var c = clear($('controls'));
      c.appendChild(select('index', 'Chỉ số', 'Index', idxOpts, index));
      c.appendChild(select('year', 'Năm', 'Year', yearOptions(years), year));
      var kids = childComponents(index);
      var comp = kids.map(function (k) { return { k: k, r: mine.filter(function (r) { return r.index === index && r.component === k.component && r.year === year; })[0] }; }).filter(function (x) { return x.r; });
      chart('chart', 420).setOption({
        animation: false,
        title: { text: index + ' ' + year + L(' — chỉ số thành phần so với trung vị và tỉnh tốt nhất', ' — components against the median and the best'), textStyle: { fontSize: 14 }, left: 8 },
        legend: { top: 28 }, tooltip: { trigger: 'axis' },
        grid: { left: 60, right: 20, top: 70, bottom: 90 },
        xAxis: { type: 'category', data: comp.map(function (x) { return x.k.component; }), axisLabel: { rotate: 30, interval: 0 } },
        yAxis: { type: 'value', scale: true },
        series: [{ name: L('Tỉnh này', 'This province'), type: 'bar', data: comp.map(function (x) { return x.r.score; }), itemStyle: { color: '#1f77b4' } },
          { name: L('Trung vị', 'Median'), type: 'bar', data: comp.map(function (x) { return x.r.median_score; }), itemStyle: { color: '#b8c2cc' } },
          { name: L('Tốt nhất', 'Best'), type: 'bar', data: comp.map(function (x) { return x.r.best_score; }), itemStyle: { color: '#1a7f37' } }]
      }, true);
      var total = mine.filter(function (r) { return r.index === index && r.component === 'TOTAL'; }).sort(function (a, b) { return a.year - b.year; }).slice(-10);
      var ty = total.map(function (r) { return r.year; });
      var byYear = {};
      total.forEach(function (r) { byYear[r.year] = r; });
      var ser = lineSeries(L('Tỉnh này', 'This province'), '#1f77b4', ty, byYear, function (r) { return r.score; });
      ser.push({ name: L('Trung vị', 'Median'), type: 'line', data: total.map(function (r) { return r.median_score; }), lineStyle: { type: 'dotted', color: '#888' }, itemStyle: { color: '#888' } });
      ser.push({ name: L('Tốt nhất', 'Best'), type: 'line', data: total.map(function (r) { return r.best_score; }), lineStyle: { type: 'dotted', color: '#1a7f37' }, itemStyle: { color: '#1a7f37' } });
      ser[0].markLine = breakLines(index, 'TOTAL', ty);
      chart('chart2', 380).setOption({
        animation: false,
        title: { text: index + L(' — xu hướng 10 năm', ' — ten-year trend'), textStyle: { fontSize: 14 }, left: 8 },
        legend: { top: 28 }, tooltip: { trigger: 'axis' },
        grid: { left: 60, right: 30, top: 70, bottom: 40 },
        xAxis: { type: 'category', data: ty.map(String) }, yAxis: { type: 'value', scale: true }, series: ser
      }, true);
      // training and dossier figures, year by year
      var fam = M.measures.filter(function (m) { return m.component === 'TOTAL' && (m.family === 'training' || m.family === 'dossier'); });
      var vy = yearsOf(vals);
      var s = clear($('summary'));
      if (vy.length && fam.length) {
        var t = el('table', { 'class': 'data', id: 'figures' });
        var head = el('tr', null, [el('th', null, [L('Đào tạo và hồ sơ', 'Training and dossiers')])]);
        vy.forEach(function (y) { head.appendChild(el('th', null, [String(y)])); });
        t.appendChild(head);
        fam.forEach(function (m) {
          var tr = el('tr', null, [el('td', null, [mName(m)])]);
          var any = false;
          vy.forEach(function (y) {
            var v = vals.filter(function (x) { return x.measure === m.index && x.year === y; })[0];
            if (v) { any = true; }
            tr.appendChild(el('td', { 'class': 'num' }, [v ? fmt(v.score, m.unit === 'count' ? 0 : 1) + ' (' + v.rank + '/' + v.n_ranked + ')' : '']));
          });
          if (any) { t.appendChild(tr); }
        });
        s.appendChild(t);
      }
      notes([estimateNote(mine), breaksOf(index).length ? breaksOf(index).map(breakNote).join('; ') : '',
        L('Điểm (hạng/số tỉnh có điểm). Trung vị và tốt nhất: trong cùng năm, cùng bản đồ.', 'Score (rank/provinces with a score). Median and best: of the same year and map.')]);
    });
  };

  views.compare = function () {
    var s = indexControls(['index', 'training'], true);
    return load(scoresFile(s.index, s.comp)).then(function (d) {
      var all = rows(d && d.scores).filter(function (r) { return r.units === s.units; });
      if (!state.p) { state.p = defaultProvinces(all, 2); }
      $('controls').appendChild(provincePicker(s.units, 'p', 4));
      writeHash();
      var codes = state.p.split(',').filter(Boolean).slice(0, 4);
      var years = yearsOf(all);
      var series = [];
      codes.forEach(function (code, i) {
        var byYear = {};
        all.filter(function (r) { return r.province_code === code; }).forEach(function (r) { byYear[r.year] = r; });
        lineSeries(unitName(s.units, code), seriesColors[i], years, byYear, function (r) { return r.score; }).forEach(function (x) { series.push(x); });
      });
      if (series.length) { series[0].markLine = breakLines(s.index, s.comp, years); }
      chart('chart', 440).setOption({
        animation: false,
        title: { text: s.index + ' — ' + mName(s.m), textStyle: { fontSize: 14 }, left: 8 },
        legend: { top: 28, data: codes.map(function (c) { return unitName(s.units, c); }) }, tooltip: { trigger: 'axis' },
        grid: { left: 60, right: 30, top: 70, bottom: 40 },
        xAxis: { type: 'category', data: years.map(String) }, yAxis: { type: 'value', scale: true }, series: series
      }, true);
      var t = el('table', { 'class': 'data', id: 'comparetable' });
      var head = el('tr', null, [el('th', null, [L('Năm', 'Year')])]);
      codes.forEach(function (code) { head.appendChild(el('th', null, [unitName(s.units, code)])); });
      t.appendChild(head);
      years.forEach(function (y) {
        var tr = el('tr', null, [el('td', null, [String(y)])]);
        codes.forEach(function (code) {
          var r = all.filter(function (x) { return x.year === y && x.province_code === code; })[0];
          tr.appendChild(el('td', { 'class': 'num' }, [r ? fmt(r.score) + (r.estimated ? '~' : '') + ' (' + r.rank + '/' + r.n_ranked + ')' : '']));
        });
        t.appendChild(tr);
      });
      clear($('table')).appendChild(t);
      notes([codes.length < 2 ? L('Chọn 2 đến 4 tỉnh/thành để so sánh.', 'Choose 2 to 4 provinces to compare.') : '',
        breaksOf(s.index).filter(function (b) { return years.indexOf(b.year) > 0; }).map(breakNote).join('; '), estimateNote(all.filter(function (r) { return codes.indexOf(r.province_code) >= 0; }))]);
    });
  };

  function familyView(family, extra) {
    return load('values').then(function (d) {
      var vals = rows(d.values);
      var opts = valueMeasures([family]);
      if (!opts.length) { notes([L('Chưa nạp số liệu.', 'Nothing loaded yet.')]); return; }
      var mcode = pick('measure', opts);
      var units = pick('units', [{ v: '63' }, { v: '34' }]);
      var mine = vals.filter(function (v) { return v.measure === mcode && v.units === units; });
      var years = yearsOf(mine);
      var year = Number(pick('year', yearOptions(years), years[years.length - 1]));
      var c = clear($('controls'));
      c.appendChild(select('measure', 'Chỉ số', 'Measure', opts, mcode));
      c.appendChild(select('units', 'Bản đồ', 'Map', unitOptions(null), units));
      c.appendChild(select('year', 'Năm', 'Year', yearOptions(years), year));
      var list = mine.filter(function (v) { return v.year === year; }).sort(function (a, b) { return a.rank - b.rank; });
      var m = measure(mcode);
      barRanking('chart', list, { title: mName(m) + ' — ' + year, name: function (r) { return r.rank + '. ' + unitName(units, r.province_code); },
        value: function (r) { return r.score; }, digits: m.unit === 'count' ? 0 : 1,
        tip: function (r) { return [unitName(units, r.province_code), fmt(r.score, 1), r.rank + '/' + r.n_ranked]; } });
      pngButtonTo(clear($('summary')), 'chart', 'cchc_' + mcode + '_' + year);
      extra(d, vals, units, year);
      notes([missingNote(units, list.map(function (r) { return r.province_code; })),
        L('Số đếm trên bản đồ 34 đơn vị trước 2025 là tổng chính xác của các tỉnh cũ, không phải ước tính.', 'Counts on the 34-unit map before 2025 are exact sums of the former provinces, not estimates.')]);
    });
  }

  views.training = function () {
    return familyView('training', function (d, vals, units, year) {
      var ms = M.measures.filter(function (m) { return m.family === 'training' && m.component === 'TOTAL'; });
      var by = {};
      vals.filter(function (v) { return v.units === units && v.year === year; }).forEach(function (v) {
        (by[v.province_code] = by[v.province_code] || { province_code: v.province_code })[v.measure] = v.score;
      });
      var cols = [{ key: 'province', vi: 'Tỉnh/thành', en: 'Province', text: function (r) { return unitName(units, r.province_code); } }];
      ms.forEach(function (m) {
        cols.push({ key: m.index, vi: m.name_vi, en: m.name_en, num: true, text: function (r) { return m.unit === 'count' ? intFmt(r[m.index]) : fmt(r[m.index], 1); }, val: function (r) { return r[m.index]; } });
      });
      dataTable($('table'), cols, Object.keys(by).map(function (k) { return by[k]; }), { search: function (r) { return unitName(units, r.province_code); }, file: 'cchc_dao_tao_' + year + '_' + units });
      // training by topic: topics are free text in the files, shown as written
      var topics = rows(d.topics).filter(function (r) { return r.units === units && r.year === year && r.topic !== ''; })
        .sort(function (a, b) { return b.attendances - a.attendances; });
      if (topics.length) {
        var t = el('table', { 'class': 'data', id: 'topics' });
        t.appendChild(el('tr', null, [el('th', null, [L('Chủ đề', 'Topic')]), el('th', null, [L('Lớp', 'Classes')]), el('th', null, [L('Lượt học viên', 'Attendances')]), el('th', null, [L('Nữ %', 'Female %')])]));
        topics.forEach(function (r) {
          t.appendChild(el('tr', null, [el('td', { 'class': 'topic' }, [r.topic_name + (r.mapped ? '' : ' (?)')]), el('td', { 'class': 'num' }, [intFmt(r.classes)]),
            el('td', { 'class': 'num' }, [intFmt(r.attendances)]), el('td', { 'class': 'num' }, [fmt(r.female_pct, 1)])]));
        });
        $('table').appendChild(el('h2', null, [L('Theo chủ đề', 'By topic') + ' — ' + year]));
        $('table').appendChild(t);
        $('table').appendChild(el('p', { 'class': 'muted' }, [L('(?) chủ đề chưa có trong bảng chủ đề chuẩn, hiển thị nguyên văn', '(?) topic not in the reference table of canonical topics, shown as written')]));
      }
    });
  };

  views.dossiers = function () {
    return familyView('dossier', function (d, vals, units, year) {
      var list = rows(d.dossiers).filter(function (r) { return r.units === units && r.year === year; });
      var n = function (k) { return function (r) { return intFmt(r[k]); }; }, v = function (k) { return function (r) { return r[k]; }; };
      var p = function (k) { return function (r) { return r[k] == null ? '' : fmt(100 * r[k], 1); }; };
      var cols = [{ key: 'province', vi: 'Tỉnh/thành', en: 'Province', text: function (r) { return unitName(units, r.province_code); } },
        { key: 'received', vi: 'Tiếp nhận', en: 'Received', num: true, text: n('received'), val: v('received') },
        { key: 'received_online', vi: 'Trực tuyến', en: 'Online', num: true, text: n('received_online'), val: v('received_online') },
        { key: 'resolved', vi: 'Đã giải quyết', en: 'Resolved', num: true, text: n('resolved'), val: v('resolved') },
        { key: 'resolved_late', vi: 'Trễ hạn', en: 'Late', num: true, text: n('resolved_late'), val: v('resolved_late') },
        { key: 'pending_overdue', vi: 'Tồn quá hạn', en: 'Overdue pending', num: true, text: n('pending_overdue'), val: v('pending_overdue') },
        { key: 'on_time_rate', vi: 'Đúng hạn %', en: 'On time %', num: true, text: p('on_time_rate'), val: v('on_time_rate') },
        { key: 'online_share', vi: 'Trực tuyến %', en: 'Online %', num: true, text: p('online_share'), val: v('online_share') },
        { key: 'satisfaction_rate', vi: 'Hài lòng %', en: 'Satisfied %', num: true, text: p('satisfaction_rate'), val: v('satisfaction_rate') }];
      dataTable($('table'), cols, list, { search: function (r) { return unitName(units, r.province_code); }, file: 'cchc_ho_so_' + year + '_' + units });
    });
  };

  // ---- wiring ----------------------------------------------------------------
  var rendering = Promise.resolve();
  function render() {
    applyLang();
    clear($('summary'));
    var view = views[document.body.getAttribute('data-page')];
    rendering = rendering.then(function () { return view ? view() : null; }).then(function () {
      writeHash();
      document.body.setAttribute('data-ready', String(Date.now()));
      applyLang();
    }, function (err) {
      document.body.setAttribute('data-error', String(err && err.message || err));
      throw err;
    });
    return rendering;
  }
  window.addEventListener('hashchange', function () { readHash(); render(); });
  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  $('lang').addEventListener('click', function () { set({ lang: lang() === 'en' ? 'vi' : 'en' }); });
  readHash();
  load('meta').then(function (m) { M = m; render(); });
})();
