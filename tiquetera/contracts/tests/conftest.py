from tiquetera.testing.smtp import smtp_server  # noqa: F401  (a fixture)
