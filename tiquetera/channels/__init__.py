"""Channel adapters (DESIGN.md): each turns what arrives by its channel into the intake pipeline's
`IntakeRequest` (or a client's message on a case) and sends the desk's answers back by it. One
Django app per adapter: `email`, `whatsapp`, `phone`."""
