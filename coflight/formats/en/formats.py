# A 24-hour clock, as the consortium's reports write it ("9:00–17:30"), not Django's "9 a.m.".
TIME_FORMAT = "H:i"
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
