-- This instance has consoles polling it: the triggers record changes (V12) until a little after its next renewal.
INSERT INTO console_watchers (instance, until)
VALUES (:#instance, now() + make_interval(secs => :#watchSeconds))
ON CONFLICT (instance) DO UPDATE SET until = EXCLUDED.until
