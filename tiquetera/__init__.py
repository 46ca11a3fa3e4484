"""Tiquetera: a self-hosted service desk run by the vendor's support policy."""
