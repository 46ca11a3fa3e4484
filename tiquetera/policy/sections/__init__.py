"""The sections of the policy file after [policy], one module each: its schema and its checks."""
