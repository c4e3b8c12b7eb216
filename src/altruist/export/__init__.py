"""Ways data leaves altruist on the user's request: the iCalendar feed, the e-mail digest."""
