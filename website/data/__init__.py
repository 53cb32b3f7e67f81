"""The data pages and files: the data dictionary, the export tables, the dataset releases."""
