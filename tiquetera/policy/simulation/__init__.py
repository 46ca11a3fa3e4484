"""The policy simulator (issue 19, docs/policy.md "Simular un cambio"): replay the cases received
in a window under a changed policy, inside a transaction that is always rolled back, and compare
what was recorded with what the new policy would have made of them.

`run.simulate` is the one entry; `facts` reads what a case's intake and clocks came to,
`window` gives the entitlements as they stood when the window opened (in memory), `lifecycle`
replays what really happened to a case onto its replayed clocks, `report` compares, `tables`
prints."""
