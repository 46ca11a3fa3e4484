"""Phone calls logged by agents, opening cases through the pipeline."""
