"""The lifecycle of a case after intake, one module per concept.

- `assignment`: a team and an agent for the case (by hand, or by skill and load);
- `modality`: the support-modality ladder (written → call → remote → on-site, seed 000);
- `contacts`: attempts to reach the requester (seed 004's auto-close counts the failed ones);
- `linking`: one requirement per case (split, seed 004) and duplicates (merge);
- `escalation`: bugs escalated to R&D with a committed fix date (seed 004);
- `study`: feature requests studied, quoted, put on the roadmap or rejected (seed 002);
- `resolution`: resolved, confirmed (closed) or reopened;
- `consent`: the client's answer to a referral to a partner (seed 002);
- `scope`: an accepted case marked out of scope by an agent (seeds 002, 004).

Every public function takes a keyword-only `actor`, changes the case in one transaction with
exactly one audit event, and queues the requester's email in that same transaction. A change of
status is recorded as one "case.status_changed" event whose before/after also carry the fields
that changed with it (fix date, resolution, duplicate_of…), so a case's status history is one
verb. Refusals are `TicketsError` and leave nothing written.
"""
