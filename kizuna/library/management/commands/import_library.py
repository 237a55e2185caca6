"""Import the existing catalogue: `kizuna import_library catalogue.xlsx --files DIR --by hq@example.jp`.

All or nothing, as on the import page: the report lists every row; nothing is saved unless every row passes."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kizuna.core.models import User
from kizuna.library.importing import Files, import_catalogue


class Command(BaseCommand):
    help = "Import the library's catalogue from a spreadsheet, with its files from a folder."

    def add_arguments(self, parser):
        parser.add_argument("spreadsheet", type=Path)
        parser.add_argument("--files", type=Path, default=None, help="the folder the file columns refer to")
        parser.add_argument("--by", required=True, help="the email of the headquarters person importing")

    def handle(self, *args, spreadsheet: Path, files: Path | None, by: str, **options):
        person = User.objects.filter(email__iexact=by).first()
        if person is None:
            raise CommandError(f"no person with the email {by}")
        if files is not None and not files.is_dir():
            raise CommandError(f"{files} is not a folder")
        try:
            report = import_catalogue(by=person, content=spreadsheet.read_bytes(), filename=spreadsheet.name,
                                      files=Files(folder=files))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for line, key, outcome, message in report.rows:
            self.stdout.write(f"{line}\t{outcome}\t{key}\t{message}")
        if not report.saved:
            raise CommandError(f"{report.errors} rows refused: nothing was saved")
        self.stdout.write(self.style.SUCCESS(f"{report.ok} works imported"))
