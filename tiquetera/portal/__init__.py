"""The clients' site: their cases, the new case form, plan usage."""
