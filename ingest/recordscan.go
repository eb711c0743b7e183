package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"unsafe"
)

// recordScanner splits a records CSV into records exactly as encoding/csv
// does with LazyQuotes and FieldsPerRecord = -1 (blank lines skipped, \r\n
// read as \n, a trailing \r dropped at the end of the file), faster for the
// usual line: a line with no quote character is cut at the delimiter in
// place, with no copy; a line with a quote goes to encoding/csv itself, fed
// one line at a time so that it never reads past the record it parses, and
// the fast path goes on after that record.
type recordScanner struct {
	r          io.Reader
	buf        []byte
	start, end int // the unread bytes are buf[start:end]
	seen       int // buf[start:start+seen] has no newline
	eof        bool
	err        error // a read error, returned once buf is drained
	delim      byte
	line       int  // lines consumed (a line counts when its first byte is)
	midLine    bool // the feed to encoding/csv stopped inside a line
	fields     []string
	cr         *csv.Reader // for the records with a quote, reading from the scanner itself
}

// scanBufferSize is the scanner's read size; a longer line grows the buffer.
const scanBufferSize = 1 << 20

// newRecordScanner reads from r with a buffer of size bytes to start with.
func newRecordScanner(r io.Reader, delim byte, size int) *recordScanner {
	s := &recordScanner{r: r, buf: make([]byte, max(size, 1)), delim: delim, fields: make([]string, 0, 16)}
	s.cr = csv.NewReader(lineFeed{s})
	s.cr.Comma = rune(delim)
	s.cr.FieldsPerRecord = -1
	s.cr.LazyQuotes = true
	s.cr.ReuseRecord = true
	return s
}

// fastDelimiter reports whether delim can be cut by the scanner's fast path
// (one byte, and a delimiter encoding/csv accepts).
func fastDelimiter(delim rune) bool {
	return delim > 0 && delim < 0x80 && delim != '\r' && delim != '\n' && delim != '"'
}

// fill reads more of the file after the unread bytes; when the buffer is
// full it moves them to its front, or grows it when they fill it.
func (s *recordScanner) fill() {
	if s.end == len(s.buf) {
		if s.start > 0 {
			s.end = copy(s.buf, s.buf[s.start:s.end])
			s.start = 0
		} else {
			s.buf = append(s.buf, make([]byte, len(s.buf))...)
		}
	}
	n, err := s.r.Read(s.buf[s.end:])
	s.end += n
	if err != nil {
		s.eof = true
		if !errors.Is(err, io.EOF) {
			s.err = err
		}
	}
}

// next returns the next record and the line it starts on, or io.EOF. The
// strings of rec may point into the scanner's buffer: they are valid until
// the next call only.
func (s *recordScanner) next() (int, []string, error) {
	for {
		avail := s.buf[s.start:s.end]
		i := bytes.IndexByte(avail[s.seen:], '\n')
		var ln []byte
		switch {
		case i >= 0:
			i += s.seen
			ln = avail[:i]
		case !s.eof:
			s.seen = len(avail)
			s.fill()
			continue
		case len(avail) == 0:
			if s.err != nil {
				return 0, nil, s.err
			}
			return 0, nil, io.EOF
		default:
			ln = avail // the last line, with no newline
		}
		s.seen = 0
		if bytes.IndexByte(ln, '"') >= 0 {
			// encoding/csv reads this record from here (its first line
			// is not blank: it has a quote)
			first := s.line + 1
			rec, err := s.cr.Read()
			if err != nil {
				return 0, nil, err
			}
			return first, rec, nil
		}
		s.start += len(ln)
		if i >= 0 {
			s.start++ // the newline
		}
		s.line++
		if n := len(ln); n > 0 && ln[n-1] == '\r' {
			ln = ln[:n-1] // \r\n is \n, and a \r ending the file is dropped
		}
		if len(ln) == 0 {
			continue // a blank line
		}
		f := s.fields[:0]
		for {
			j := bytes.IndexByte(ln, s.delim)
			if j < 0 {
				f = append(f, bytesString(ln))
				break
			}
			f = append(f, bytesString(ln[:j]))
			ln = ln[j+1:]
		}
		s.fields = f
		return s.line, f, nil
	}
}

// bytesString is b as a string without a copy (valid while b is unchanged).
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// lineFeed reads the scanner's bytes for encoding/csv, never past the end
// of a line in one read: encoding/csv's buffer then holds no byte beyond
// the record it returns.
type lineFeed struct{ s *recordScanner }

func (l lineFeed) Read(p []byte) (int, error) {
	s := l.s
	for s.start == s.end {
		if s.eof {
			if s.err != nil {
				return 0, s.err
			}
			return 0, io.EOF
		}
		s.fill()
	}
	avail := s.buf[s.start:min(s.end, s.start+len(p))]
	if i := bytes.IndexByte(avail, '\n'); i >= 0 {
		avail = avail[:i+1]
	}
	n := copy(p, avail)
	if n == 0 {
		return 0, nil
	}
	if !s.midLine {
		s.line++
	}
	s.midLine = avail[n-1] != '\n'
	s.start += n
	return n, nil
}
