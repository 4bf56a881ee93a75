#!/usr/bin/env python3
"""Create or update the translation of the curated port notes for one language.

  tools/ports/port-notes-translation.py de        # writes resources/ports/notes/de.json
  tools/ports/port-notes-translation.py --check de # exit 1 if any text is untranslated or stale

Every translatable text of resources/ports/ports.json (title, description, note.usage, note.users,
note.encryption and each line of note.lookFor) becomes a {"source": English, "translation": ...}
pair under its port key ("22/tcp"). Run it again after the English notes change: translations of
unchanged texts are kept, new texts get an empty translation, and a text whose English changed
keeps its old translation under "previous" with an empty "translation", so the translator can see
what to revise. PortLens uses a translation only while its "source" equals the current English
text, so a stale translation can never show a note that no longer says the same thing.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PORTS = os.path.join(HERE, "..", "..", "resources", "ports")
FIELDS = ("title", "description")
NOTE_FIELDS = ("usage", "users", "encryption")


def pair(source, old_pairs):
    """The pair for one English text, reusing an existing translation of the same source."""
    for old in old_pairs:
        if old.get("source") == source and old.get("translation"):
            return {"source": source, "translation": old["translation"]}
    result = {"source": source, "translation": ""}
    stale = [old for old in old_pairs if old.get("translation") or old.get("previous")]
    if stale:
        result["previous"] = stale[0].get("translation") or stale[0].get("previous")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("language", help="language code, e.g. de, fr, pt_BR")
    parser.add_argument("--check", action="store_true", help="only report missing and stale translations")
    args = parser.parse_args()

    with open(os.path.join(PORTS, "ports.json"), encoding="utf-8") as f:
        services = json.load(f)["services"]
    path = os.path.join(PORTS, "notes", f"{args.language}.json")
    old = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = json.load(f).get("notes", {})

    notes, missing = {}, 0
    for entry in services:
        key = f"{entry['port']}/{entry['transport']}"
        before = old.get(key, {})
        texts = {}
        for field in FIELDS:
            texts[field] = pair(entry[field], [before.get(field, {})])
        for field in NOTE_FIELDS:
            texts[field] = pair(entry["note"][field], [before.get(field, {})])
        old_lines = before.get("lookFor", [])
        texts["lookFor"] = [pair(line, old_lines if i >= len(old_lines) else [old_lines[i]] + old_lines)
                            for i, line in enumerate(entry["note"]["lookFor"])]
        for value in list(texts.values()):
            for p in value if isinstance(value, list) else [value]:
                missing += not p["translation"]
        notes[key] = texts

    if args.check:
        print(f"{args.language}: {missing} texts untranslated or stale")
        sys.exit(1 if missing else 0)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"format": "portlens-port-notes/1", "language": args.language, "notes": notes}, f,
                  indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{os.path.normpath(path)}: {len(notes)} ports, {missing} texts to translate")


if __name__ == "__main__":
    main()
