-- A small warehouse for the query tests: raw rows as ingest writes them (text values, lineage), built by the models.
insert into raw._loads (load_id, file, file_name, sha256, kind, rows, rejected, status, error, slices, illustrative) values
  (1, 'pci.csv', 'pci.csv', 'a1', 'index-scores', 0, 0, 'loaded', null, '', false),
  (2, 'lop.csv', 'lop.csv', 'a2', 'training-classes', 0, 0, 'loaded', null, '', false),
  (3, 'ho_so.csv', 'ho_so.csv', 'a3', 'dossier-stats', 0, 0, 'loaded', null, '', false),
  (4, 'hai_long.csv', 'hai_long.csv', 'a4', 'satisfaction', 0, 0, 'loaded', null, '', false),
  (5, 'bien_che.csv', 'bien_che.csv', 'a5', 'staffing', 0, 0, 'loaded', null, '', false);
insert into raw.index_scores (province_code, unit_set, province_input, year, index_id, component, component_input, score, score_input, rank, _source_file, _source_sheet, _source_row, _load_id) values
  ('01', '63', '01', '2023', 'PCI', 'TOTAL', '', '70.10', '70.10', null, 'pci.csv', '', 2, 1),
  ('24', '63', '24', '2023', 'PCI', 'TOTAL', '', '68.20', '68.20', null, 'pci.csv', '', 3, 1),
  ('27', '63', '27', '2023', 'PCI', 'TOTAL', '', '69.90', '69.90', null, 'pci.csv', '', 4, 1),
  ('12', '63', '12', '2023', 'PCI', 'TOTAL', '', '60.00', '60.00', null, 'pci.csv', '', 5, 1),
  ('22', '63', '22', '2023', 'PCI', 'TOTAL', '', '66.40', '66.40', null, 'pci.csv', '', 6, 1),
  ('01', '63', '01', '2024', 'PCI', 'TOTAL', '', '71.45', '71.45', '1', 'pci.csv', '', 7, 1),
  ('24', '63', '24', '2024', 'PCI', 'TOTAL', '', '67.30', '67.30', '2', 'pci.csv', '', 8, 1),
  ('27', '63', '27', '2024', 'PCI', 'TOTAL', '', '66.70', '66.70', '3', 'pci.csv', '', 9, 1),
  ('12', '63', '12', '2024', 'PCI', 'TOTAL', '', '61.20', '61.20', '4', 'pci.csv', '', 10, 1),
  ('22', '63', '22', '2024', 'PCI', 'TOTAL', '', '58.34', '58.34', '5', 'pci.csv', '', 11, 1),
  ('01', '34', '01', '2025', 'PCI', 'TOTAL', '', '72.00', '72.00', null, 'pci.csv', '', 12, 1),
  ('24', '34', '24', '2025', 'PCI', 'TOTAL', '', '68.50', '68.50', null, 'pci.csv', '', 13, 1),
  ('12', '34', '12', '2025', 'PCI', 'TOTAL', '', '62.10', '62.10', null, 'pci.csv', '', 14, 1),
  ('22', '34', '22', '2025', 'PCI', 'TOTAL', '', '60.00', '60.00', null, 'pci.csv', '', 15, 1);
insert into raw.training_classes (province_code, unit_set, province_input, year, class_id, organiser, level, level_input, start_date, start_input, end_date, end_input, topic, topic_mapped, topic_input, format, format_input, trainees, trainees_female, target_group, target_input, planned_trainees, cost, _source_file, _source_sheet, _source_row, _load_id, province_source) values
  ('22', '63', '22', '2023', 'QN-1', 'Sở Nội vụ', 'province', 'province', '2023-03-06', '2023-03-06', '2023-03-08', '2023-03-08', 'CCHC', true, 'CCHC', 'in_person', 'in_person', '40', '22', 'cc', 'cc', '45', null, 'lop.csv', '', 2, 2, null),
  ('22', '63', '22', '2024', 'QN-2', 'Sở Nội vụ', 'province', 'province', '2024-03-04', '2024-03-04', '2024-03-06', '2024-03-06', 'CCHC', true, 'CCHC', 'in_person', 'in_person', '50', '25', 'cc', 'cc', '50', null, 'lop.csv', '', 3, 2, null),
  ('22', '63', '22', '2024', 'QN-3', 'UBND huyện', 'district', 'district', '2024-04-28', '2024-04-28', '2024-05-03', '2024-05-03', 'CDS', true, 'CDS', 'online', 'online', '30', '12', 'cc', 'cc', null, null, 'lop.csv', '', 4, 2, null),
  ('01', '63', '01', '2024', 'HN-1', 'Sở Nội vụ', 'province', 'province', '2024-03-11', '2024-03-11', '2024-03-12', '2024-03-12', 'CDS', true, 'CDS', 'blended', 'blended', '120', '70', 'vc', 'vc', '100', null, 'lop.csv', '', 5, 2, null),
  ('24', '63', '24', '2024', 'BG-1', 'Sở Nội vụ', 'province', 'province', '2024-09-09', '2024-09-09', '2024-09-10', '2024-09-10', 'QLNN', true, 'QLNN', 'in_person', 'in_person', '25', '10', 'cc', 'cc', null, null, 'lop.csv', '', 6, 2, null);
insert into raw.staffing (province_code, unit_set, province_input, year, civil_servants, public_employees, commune_officials, _source_file, _source_sheet, _source_row, _load_id) values
  ('22', '63', '22', '2024', '2000', '', '', 'bien_che.csv', '', 2, 5),
  ('01', '63', '01', '2024', '8000', '', '', 'bien_che.csv', '', 3, 5);
insert into raw.dossier_stats (province_code, unit_set, province_input, year, period_type, period_no, level, level_input, field, received_total, received_online, received_online_partial, received_online_full, received_direct, received_postal, carried_over, resolved_total, resolved_early, resolved_on_time, resolved_late, pending_total, pending_in_time, pending_overdue, returned, _source_file, _source_sheet, _source_row, _load_id) values
  ('22', '63', '22', '2022', 'year', '1', 'province', 'province', '', '900', '400', '250', '150', '450', '50', '30', '880', '400', '440', '40', '50', '40', '10', '5', 'ho_so.csv', '', 2, 3),
  ('22', '63', '22', '2023', 'year', '1', 'province', 'province', '', '1000', '550', '300', '250', '400', '50', '50', '960', '500', '430', '30', '90', '70', '20', '2', 'ho_so.csv', '', 3, 3),
  ('22', '63', '22', '2023', 'year', '1', 'commune', 'commune', '', '500', '200', '150', '50', '290', '10', '20', '505', '300', '195', '10', '15', '15', '0', '0', 'ho_so.csv', '', 4, 3),
  ('01', '63', '01', '2023', 'year', '1', 'province', 'province', '', '3000', '2000', '1200', '800', '900', '100', '100', '3000', '1000', '1900', '100', '100', '90', '10', '0', 'ho_so.csv', '', 5, 3);
insert into raw.satisfaction (province_code, unit_set, province_input, year, period_type, period_no, level, measure, forms, very_satisfied, satisfied, neutral, dissatisfied, _source_file, _source_sheet, _source_row, _load_id) values
  ('22', '63', '22', '2023', 'year', '1', '', 'count', '200', '150', '40', '8', '2', 'hai_long.csv', '', 2, 4);
