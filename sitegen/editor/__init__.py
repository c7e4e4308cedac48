"""The browser editor (`python build.py edit`, issue 28): forms made from the site's models.

Modules, one job each: `security` (token, session, CSRF, Host, origin), `paths` (which files
a request may name), `inventory` (the site at a glance), `form_spec` and `form_values` (a
model as form fields, a posted form as values), `roundtrip` (a change written into YAML
without disturbing its other bytes), `saving` (the SHA-256 check and the atomic replace),
`history` (every save kept, restorable), `site_access` (the one door to the build engine),
`app` (the Flask routes), `server` (the threaded server and its one running instance).
"""
