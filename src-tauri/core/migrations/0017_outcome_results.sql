-- Schema v17: the results agencies report (issue 17, part 5). An outcome gains the figures
-- counted months after a mission: the kind of agreement signed, its value in euros, the
-- investment and the jobs announced, and the organisation's confirmation (date and the path,
-- relative to the data folder, of the evidence file copied under `attachments/`).
-- `results_on` is the day results were first recorded (set by the store when the first is
-- given): with `confirmed_on` it decides whether it counts at +6 and +12 months
-- (`aftercare::kpis`). Amounts in euro cents. The mission gains the staff days spent on it.
-- Forward-only: never edit this file once it has landed.

ALTER TABLE outcomes ADD COLUMN agreement_kind TEXT
  CHECK (agreement_kind IN ('mou', 'letter_of_intent', 'contract', 'clinical_trial_protocol',
                            'investment'));
ALTER TABLE outcomes ADD COLUMN results_on TEXT;
ALTER TABLE outcomes ADD COLUMN value_cents INTEGER CHECK (value_cents >= 0);
ALTER TABLE outcomes ADD COLUMN investment_cents INTEGER CHECK (investment_cents >= 0);
ALTER TABLE outcomes ADD COLUMN jobs INTEGER CHECK (jobs >= 0);
ALTER TABLE outcomes ADD COLUMN confirmed_on TEXT;
ALTER TABLE outcomes ADD COLUMN evidence_path TEXT;

ALTER TABLE missions ADD COLUMN staff_days REAL CHECK (staff_days >= 0);
