-- Schema v19: the invoice file of a cost line (issue 18, part 6). The path, relative to the
-- data folder, of the file copied under `attachments/` (`attachments.rs`, the mechanism of an
-- outcome's evidence); the file is removed once no record refers to it.
-- Forward-only: never edit this file once it has landed.

ALTER TABLE cost_lines ADD COLUMN invoice_path TEXT;
