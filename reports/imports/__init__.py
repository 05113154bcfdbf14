"""Bringing in what exists: staff import the foundation's schools, ambassadors and placements from CSV and XLSX.

upload (reading) → column mapping (columns) → preview (kinds: one analyser per kind of file) → confirm (services),
in one transaction, in the background beyond a page of rows (tasks)."""
