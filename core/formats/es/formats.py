DATE_FORMAT = r"j \d\e F \d\e Y"
TIME_FORMAT = "G:i"
