from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "tiquetera.policy"
