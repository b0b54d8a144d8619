#!/usr/bin/env python3
"""Seeds for the fuzz corpora (tests/fuzz/corpus/) from the official OpenAPI description.

Every response example becomes an envelope seed, and, by its endpoint, a seed of the parser
that reads its `result` (workflow status, registration or list page). Responses without an
example get one built from their schema (each property's `example`, else its first `enum`
value), so that the status endpoints have seeds too. Domain names and `links.self` paths found
go to the domain-name, pasted-input and self-link corpora. Run once; its output is committed:

    scripts/fuzz-seeds-from-openapi.py /work/shared/reference/cloudflare-registrar-openapi.json
"""
import hashlib
import json
import pathlib
import sys

CORPUS = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fuzz" / "corpus"


def resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def synthesise(spec, schema, depth=0):
    schema = resolve(spec, schema)
    if depth > 12 or not isinstance(schema, dict):
        return None
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    for combiner in ("allOf", "oneOf", "anyOf"):
        if combiner in schema:
            parts = [synthesise(spec, s, depth + 1) for s in schema[combiner]]
            if combiner == "allOf" and all(isinstance(p, dict) for p in parts):
                merged = {}
                for p in parts:
                    merged.update(p)
                return merged
            return parts[0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {k: synthesise(spec, v, depth + 1) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [synthesise(spec, schema.get("items", {}), depth + 1)]
    return {"string": "", "integer": 0, "number": 0, "boolean": False}.get(kind)


def target_of(path):
    last = path.rstrip("/").split("/")[-1]
    if last.endswith("-status"):
        return "workflowstatus"
    if last in ("registrations", "{domain_name}"):
        return "registration"
    return None


def write(name, content):
    data = content if isinstance(content, bytes) else content.encode()
    folder = CORPUS / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("openapi-" + hashlib.sha1(data).hexdigest()[:12])).write_bytes(data)


def walk_strings(value, found):
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("domain_name", "self", "resource") and isinstance(v, str):
                found.setdefault(k, set()).add(v)
            walk_strings(v, found)
    elif isinstance(value, list):
        for v in value:
            walk_strings(v, found)


def main():
    spec = json.loads(pathlib.Path(sys.argv[1]).read_text())
    found = {}
    count = 0
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if not isinstance(operation, dict):
                continue
            for code, response in operation.get("responses", {}).items():
                media = resolve(spec, response).get("content", {}).get("application/json", {})
                bodies = [e.get("value") for e in media.get("examples", {}).values()]
                if "example" in media:
                    bodies.append(media["example"])
                if not bodies and "schema" in media:
                    bodies.append(synthesise(spec, media["schema"]))
                # A status 202 answer carries a workflow status as its result.
                target = "workflowstatus" if code == "202" else target_of(path)
                for body in bodies:
                    if body is None:
                        continue
                    text = json.dumps(body, indent=1)
                    write("envelope", text)
                    if target and code.startswith("2"):
                        write(target, text)
                    walk_strings(body, found)
                    count += 1
    for name in sorted(found.get("domain_name", ())):
        write("domainname", name)
        write("workflowinput", "\0" + name + "\n" + name + ":registration")
    for link in sorted(found.get("self", set()) | found.get("resource", set())):
        write("selflink", link)
        write("selflink", "https://api.cloudflare.com/client/v4\n" + link)
        write("workflowinput", "\x80" + link)
    print(f"{count} answers, {len(found.get('domain_name', ()))} names, "
          f"{len(found.get('self', ()))} links written under {CORPUS}")


if __name__ == "__main__":
    main()
