"""The reports: one data model, the builders that fill it, and one module per output format.

- model: the dataclasses (Measured, Changes, CheckOutcome, VariantReport, Report, Comparison).
- build: build_report and compare_variants, from measuring (reading and measuring a variant's file),
  changes (two sources compared) and checking (the equivalence check through a check function).
- formats: the registry of the file formats, markdown, json_format and html (with html_page and charts);
  terminal (report and compare), check_table (`golf check`) and savings_table (`golf apply`, `golf shrink`)
  draw rich tables; labels, text and styles keep their words and colours the same.
"""
