# As a French secretary writes them: "9 h 00", "16 mai 2013, 9 h 00", with no-break spaces.
TIME_FORMAT = "G\u00a0\\h\u00a0i"
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, G\u00a0\\h\u00a0i"
