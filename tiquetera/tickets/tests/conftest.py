from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401  (fixture)
