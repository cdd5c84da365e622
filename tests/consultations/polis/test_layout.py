"""The two time columns, checked against a row of the shared data (WIB is UTC+7)."""

from consultations.polis.layout import epoch_ms, from_epoch_ms, polis_datetime


def test_times_read_and_write_as_pol_is_does():
    # canadian-electoral-reform/votes.csv, line 2: 1481275539794,Fri Dec 09 16:25:39 WIB 2016
    moment = from_epoch_ms(1481275539794)
    assert polis_datetime(moment) == "Fri Dec 09 09:25:39 UTC 2016"
    assert epoch_ms(moment) == 1481275539794  # to the millisecond, no float rounding
    assert polis_datetime(from_epoch_ms(0)) == "Thu Jan 01 00:00:00 UTC 1970"
