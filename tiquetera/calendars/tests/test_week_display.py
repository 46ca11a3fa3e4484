from django.utils import translation

from tiquetera.calendars.models import Calendar


def test_days_with_the_same_hours_are_shown_as_a_run():
    calendar = Calendar(
        week={
            "0": ["09:00-13:00", "14:00-17:00"],
            "1": ["09:00-13:00", "14:00-17:00"],
            "2": ["09:00-13:00", "14:00-17:00"],
            "3": ["09:00-13:00"],
            "5": ["08:00-12:00"],
            "6": ["08:00-12:00"],
        }
    )
    with translation.override("es"):
        assert calendar.week_display() == [
            ("Lunes a miércoles", "09:00-13:00, 14:00-17:00"),
            ("Jueves", "09:00-13:00"),
            ("Sábado a domingo", "08:00-12:00"),
        ]
    with translation.override("en"):
        assert calendar.week_display()[0] == ("Monday to Wednesday", "09:00-13:00, 14:00-17:00")
