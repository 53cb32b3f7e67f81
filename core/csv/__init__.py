"""CSV export and import: one format (DESIGN.md section 6) for the public site and the admin.

writer.py    the format: BOM, RFC 4180, CRLF, formula-like cells neutralized
reader.py    reading an uploaded file back, with a clear message for each kind of bad file
resources.py the shared base of the per-model column definitions (<app>/resources.py)
formats.py   the format as a django-import-export format, for the admin
streaming.py the streaming response of the public site, read through a server-side cursor
copy.py      the largest public exports (passages, evidence) written by PostgreSQL's COPY instead
views.py     `format=csv` for any list view
admin.py     import and export in the admin: dry run, then all rows in one transaction
uploads.py   the uploaded file kept between the dry run and its confirmation, found by a signed token
"""
