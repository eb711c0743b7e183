-- Added to fixture.sql for the report's queries: PAPI totals of four provinces with their
-- published 95% confidence bounds in 2022 and 2023 (Hà Nội's change lies inside them, Quảng
-- Ninh's does not, and the 2023 leader's interval overlaps the second's), and in 2017 and 2018,
-- either side of PAPI's 2018 change of method.
insert into raw._loads (load_id, file, file_name, sha256, kind, rows, rejected, status, error, slices, illustrative) values
  (6, 'papi.xlsx', 'papi.xlsx', 'a6', 'papi-workbook', 16, 0, 'loaded', null, 'PAPI 2017;PAPI 2018;PAPI 2022;PAPI 2023', false);
insert into raw.index_scores (province_code, unit_set, province_input, year, index_id, component, component_input, score, score_input, rank, _source_file, _source_sheet, _source_row, _load_id, ci_lower, ci_upper) values
  ('01', '63', '01', '2022', 'PAPI', 'TOTAL', '', '44.80', '44.80', null, 'papi.xlsx', '2022', 5, 6, '43.90', '45.70'),
  ('22', '63', '22', '2022', 'PAPI', 'TOTAL', '', '41.00', '41.00', null, 'papi.xlsx', '2022', 5, 6, '40.50', '41.50'),
  ('24', '63', '24', '2022', 'PAPI', 'TOTAL', '', '42.00', '42.00', null, 'papi.xlsx', '2022', 5, 6, '41.40', '42.60'),
  ('27', '63', '27', '2022', 'PAPI', 'TOTAL', '', '37.00', '37.00', null, 'papi.xlsx', '2022', 5, 6, '36.40', '37.60'),
  ('01', '63', '01', '2023', 'PAPI', 'TOTAL', '', '45.00', '45.00', null, 'papi.xlsx', '2023', 5, 6, '44.00', '46.00'),
  ('22', '63', '22', '2023', 'PAPI', 'TOTAL', '', '44.50', '44.50', null, 'papi.xlsx', '2023', 5, 6, '43.60', '45.40'),
  ('24', '63', '24', '2023', 'PAPI', 'TOTAL', '', '40.00', '40.00', null, 'papi.xlsx', '2023', 5, 6, '39.50', '40.50'),
  ('27', '63', '27', '2023', 'PAPI', 'TOTAL', '', '38.00', '38.00', null, 'papi.xlsx', '2023', 5, 6, '37.50', '38.50'),
  ('01', '63', '01', '2017', 'PAPI', 'TOTAL', '', '36.00', '36.00', null, 'papi.xlsx', '2017', 5, 6, null, null),
  ('22', '63', '22', '2017', 'PAPI', 'TOTAL', '', '38.00', '38.00', null, 'papi.xlsx', '2017', 5, 6, null, null),
  ('24', '63', '24', '2017', 'PAPI', 'TOTAL', '', '35.00', '35.00', null, 'papi.xlsx', '2017', 5, 6, null, null),
  ('27', '63', '27', '2017', 'PAPI', 'TOTAL', '', '34.00', '34.00', null, 'papi.xlsx', '2017', 5, 6, null, null),
  ('01', '63', '01', '2018', 'PAPI', 'TOTAL', '', '45.00', '45.00', null, 'papi.xlsx', '2018', 5, 6, null, null),
  ('22', '63', '22', '2018', 'PAPI', 'TOTAL', '', '43.00', '43.00', null, 'papi.xlsx', '2018', 5, 6, null, null),
  ('24', '63', '24', '2018', 'PAPI', 'TOTAL', '', '44.00', '44.00', null, 'papi.xlsx', '2018', 5, 6, null, null),
  ('27', '63', '27', '2018', 'PAPI', 'TOTAL', '', '41.00', '41.00', null, 'papi.xlsx', '2018', 5, 6, null, null);
