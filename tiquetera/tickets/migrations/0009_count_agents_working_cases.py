from django.db import migrations
from django.db.models import Count

WORKING = ("open", "in_progress", "waiting_on_client", "escalated_rd")


def count(apps, schema_editor):
    """Agent.working_cases from the cases already stored (tickets.workload keeps it since)."""
    Agent = apps.get_model("directory", "Agent")
    Case = apps.get_model("tickets", "Case")
    counts = (
        Case.objects.filter(status__in=WORKING, assignee__isnull=False)
        .order_by()
        .values_list("assignee_id")
        .annotate(n=Count("*"))
    )
    for user_id, n in counts:
        Agent.objects.filter(user_id=user_id).update(working_cases=n)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_agent_working_cases"),
        ("tickets", "0008_dashboard_indexes"),
    ]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
