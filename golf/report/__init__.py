"""The reports: one data model, the builders that fill it, and one module per output format."""
