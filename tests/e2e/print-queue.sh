#!/usr/bin/env bash
# A real printer for the end-to-end tests: the CUPS print service with cups-pdf, a virtual printer
# that writes every job it prints as a PDF file in the printing user's ~/PDF. Idempotent.
# Needs root (CUPS's scheduler and lpadmin); `make test` runs it.
set -euo pipefail
QUEUE=Passerelle-Test-PDF
PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd

if ! lpstat -r 2>/dev/null | grep -q "is running"; then
  # No init system in containers and CI: start the scheduler directly (it detaches).
  cupsd
  for _ in $(seq 50); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.1; done
fi
lpstat -r | grep -q "is running" || { echo "print-queue: the CUPS scheduler did not start" >&2; exit 1; }
if ! lpstat -e | grep -qx "$QUEUE"; then
  lpadmin -p "$QUEUE" -E -v cups-pdf:/ -P "$PPD" 2>&1 | grep -v "drivers are deprecated" || true
fi
lpstat -e | grep -qx "$QUEUE" || { echo "print-queue: could not add the $QUEUE printer" >&2; exit 1; }
echo "print-queue: $QUEUE ready (cups-pdf writes jobs to ~/PDF)"
