"""Disputes (纠纷包案): a quarrel that keeps coming back gets an owner, a leader, a plan and steps, and
waits on the daily review until it is resolved, referred or closed unresolved."""
