"""Disputes (纠纷包案): the daily review, one dispute, and the key on a case that opens or joins one."""
