#!/usr/bin/env python3
"""Builds a JSON Schema (draft 2020-12) for one OCSF event class from the OCSF schema source.

Usage: generate_schema.py <ocsf-schema checkout> <class name> <output.json> [--profile NAME ...]

The source is the ocsf/ocsf-schema repository at a release tag (dictionary.json, categories.json,
objects/, events/, profiles/). The compilation follows the source's own rules:
- "$include" merges the attributes of a profile file; they belong to that profile unless the
  including file says "profile": null. Only the profiles given with --profile are kept.
- "extends" chains (classes and objects) are merged parent first; a child's attribute settings
  override the parent's, enum members are united, a child's constraints replace the parent's.
- every attribute takes its type, is_array and enum from dictionary.json, overridden by the class
  or object; data types resolve through dictionary "types" to JSON types, keeping their regex,
  max_len and range (so the result is somewhat stricter than the OCSF server's export).
- class_uid, category_uid and type_uid are fixed to the class (type_uid = class_uid * 100 + activity_id).
- observable.type_id is the union of every observable id the source declares.
Objects become "$defs" with additionalProperties false, their required attributes as "required"
and their constraints as anyOf (at_least_one) / oneOf (just_one). Enums are closed.
"""
import argparse
import copy
import glob
import json
import os
import sys

JSON_TYPES = {"string_t": "string", "integer_t": "integer", "long_t": "integer",
              "float_t": "number", "boolean_t": "boolean"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def merge_attribute(base, override):
    """A copy of base with override's settings on top; enum members are united."""
    result = copy.deepcopy(base)
    for key, value in override.items():
        if key == "enum" and isinstance(result.get("enum"), dict):
            result["enum"] = {**result["enum"], **copy.deepcopy(value)}
        else:
            result[key] = copy.deepcopy(value)
    return result


class Source:
    def __init__(self, root, profiles):
        self.root = root
        self.profiles = set(profiles)
        dictionary = load(os.path.join(root, "dictionary.json"))
        self.dictionary = dictionary["attributes"]
        self.types = dictionary["types"]["attributes"]
        self.categories = load(os.path.join(root, "categories.json"))["attributes"]
        self.objects = {}
        for path in glob.glob(os.path.join(root, "objects", "*.json")):
            item = load(path)
            self.objects[item["name"]] = item
        self.events = {}
        for path in glob.glob(os.path.join(root, "events", "**", "*.json"), recursive=True):
            item = load(path)
            self.events[item["name"]] = item
        self.resolved = {}

    def own_attributes(self, item):
        """The item's attributes with its "$include"d profile files merged underneath."""
        attributes = {}
        for include in item.get("attributes", {}).get("$include", []):
            included = load(os.path.join(self.root, include))
            for name, attribute in included["attributes"].items():
                attribute = dict(attribute)
                if included.get("meta") == "profile":
                    attribute.setdefault("profile", included["name"])
                attributes[name] = merge_attribute(attributes.get(name, {}), attribute)
        for name, attribute in item.get("attributes", {}).items():
            if name != "$include":
                attributes[name] = merge_attribute(attributes.get(name, {}), attribute)
        return attributes

    def resolve(self, item, table):
        """The item with its extends chain merged in: attributes, constraints, category."""
        key = (id(table), item["name"])
        if key in self.resolved:
            return self.resolved[key]
        parent_name = item.get("extends")
        if parent_name and parent_name != item["name"]:
            parent = self.resolve(table[parent_name], table)
            attributes = {name: copy.deepcopy(a) for name, a in parent["attributes"].items()}
            constraints = dict(parent.get("constraints", {}))
            category = parent.get("category")
        else:
            attributes, constraints, category = {}, {}, None
        for name, attribute in self.own_attributes(item).items():
            attributes[name] = merge_attribute(attributes.get(name, {}), attribute)
        constraints.update(item.get("constraints", {}))
        result = dict(item, attributes=attributes, constraints=constraints,
                      category=item.get("category", category))
        self.resolved[key] = result
        return result

    def complete(self, attributes):
        """Dictionary definitions under each attribute, dropping attributes of unselected profiles."""
        result = {}
        for name, attribute in attributes.items():
            if attribute.get("profile") and attribute["profile"] not in self.profiles:
                continue
            if name not in self.dictionary:
                raise SystemExit(f"attribute {name} is not in dictionary.json")
            result[name] = merge_attribute(self.dictionary[name], attribute)
        return result

    def observable_ids(self):
        ids = set()
        for table in (self.types, self.dictionary):
            ids.update(t["observable"] for t in table.values() if "observable" in t)
        for item in list(self.objects.values()) + list(self.events.values()):
            if "observable" in item:
                ids.add(item["observable"])
            for attribute in item.get("attributes", {}).values():
                if isinstance(attribute, dict) and "observable" in attribute:
                    ids.add(attribute["observable"])
        return ids


class Generator:
    def __init__(self, source):
        self.source = source
        self.defs = {}

    def data_type(self, type_name):
        """JSON Schema of an OCSF data type, following its base types."""
        schema = {}
        while type_name not in JSON_TYPES and type_name != "json_t":
            definition = self.source.types[type_name]
            if "regex" in definition and "pattern" not in schema:
                schema["pattern"] = definition["regex"]
            if "max_len" in definition and "maxLength" not in schema:
                schema["maxLength"] = definition["max_len"]
            if "range" in definition and "minimum" not in schema:
                schema["minimum"], schema["maximum"] = definition["range"]
            type_name = definition["type"]
        if type_name != "json_t":
            schema["type"] = JSON_TYPES[type_name]
        return schema

    def attribute(self, attribute):
        type_name = attribute["type"]
        if type_name in self.source.types:
            schema = self.data_type(type_name)
            if "enum" in attribute:
                convert = int if schema.get("type") == "integer" else str
                schema["enum"] = sorted(convert(k) for k in attribute["enum"])
        else:
            self.object(type_name)
            schema = {"$ref": f"#/$defs/{type_name}"}
        if attribute.get("is_array"):
            schema = {"type": "array", "items": schema}
        return schema

    def properties(self, item, attributes):
        properties = {name: self.attribute(a) for name, a in sorted(attributes.items())}
        schema = {"type": "object", "properties": properties,
                  "additionalProperties": not properties}
        required = sorted(n for n, a in attributes.items() if a.get("requirement") == "required")
        if required:
            schema["required"] = required
        constraints = item.get("constraints", {})
        if constraints.get("at_least_one"):
            present = [n for n in constraints["at_least_one"] if n in attributes]
            schema["anyOf"] = [{"required": [n]} for n in present]
        if constraints.get("just_one"):
            present = [n for n in constraints["just_one"] if n in attributes]
            schema["oneOf"] = [{"required": [n], "not": {"anyOf": [{"required": [o]} for o in present if o != n]}}
                               for n in present]
        return schema

    def object(self, name):
        if name in self.defs:
            return
        self.defs[name] = None  # placeholder: objects refer to themselves (process.parent_process)
        item = self.source.resolve(self.source.objects[name], self.source.objects)
        attributes = self.source.complete(item["attributes"])
        if name == "observable":
            enum = attributes["type_id"].setdefault("enum", {})
            for observable_id in self.source.observable_ids():
                enum.setdefault(str(observable_id), {})
        self.defs[name] = dict(title=item.get("caption", name), **self.properties(item, attributes))

    def event_class(self, name):
        item = self.source.resolve(self.source.events[name], self.source.events)
        attributes = self.source.complete(item["attributes"])
        category_uid = self.source.categories[item["category"]]["uid"]
        class_uid = category_uid * 1000 + item["uid"]
        attributes["category_uid"]["enum"] = {str(category_uid): {}}
        attributes["class_uid"]["enum"] = {str(class_uid): {}}
        attributes["type_uid"]["enum"] = {str(class_uid * 100 + int(a)): {}
                                          for a in attributes["activity_id"]["enum"]}
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"https://schema.ocsf.io/schema/classes/{name}",
                  "title": item["caption"]}
        schema.update(self.properties(item, attributes))
        schema["$defs"] = {k: self.defs[k] for k in sorted(self.defs)}
        return schema


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="a checkout of ocsf/ocsf-schema")
    parser.add_argument("event_class", help="e.g. detection_finding")
    parser.add_argument("output")
    parser.add_argument("--profile", action="append", default=[], help="a profile to keep (repeatable)")
    args = parser.parse_args()
    source = Source(args.source, args.profile)
    schema = Generator(source).event_class(args.event_class)
    version = load(os.path.join(args.source, "version.json"))["version"]
    schema["description"] = (f"OCSF {version} class {args.event_class}, profiles: "
                             f"{', '.join(sorted(args.profile)) or 'none'}; generated by generate_schema.py.")
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(schema, f, indent=1, sort_keys=False, ensure_ascii=False)
        f.write("\n")
    print(f"{args.output}: {len(schema['$defs'])} objects", file=sys.stderr)


if __name__ == "__main__":
    main()
