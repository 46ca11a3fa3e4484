"""The REST API under /api/v1/ (django-ninja; OpenAPI at /api/v1/docs) and its personal API
tokens. Each app contributes its router from its own `api.py`; `main.py` mounts them."""
