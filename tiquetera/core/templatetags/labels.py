"""`{% load labels %}`: codes shown as words (see `tiquetera.core.labels`)."""

from django import template

from tiquetera.core import labels

register = template.Library()
register.filter("rule_label", labels.rule_label)
register.filter("severity_label", labels.severity_label)
register.filter("reason_label", labels.reason_label)
register.filter("verb_label", labels.verb_label)
register.filter("note_label", labels.note_label)
