"""Official SHACL shapes of DCAT-AP 3.0.1 and DCAT-AP-NL 3.0 (data files; see README.md)."""
