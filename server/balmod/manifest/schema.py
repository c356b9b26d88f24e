"""The schemas the Ballerina compiler validates its manifests against, as Python data.

Translated from the compiler's JSON schemas (``ballerina-toml-schema.json``,
``dependencies-toml-schema.json``, ``workspace-ballerina-toml-schema.json``; draft-07 with
the compiler's own ``message`` objects), keeping every pattern and message as written there,
including their inconsistencies, because users know them from ``bal build``.

Departures, each marked where it appears:
- the ``[[dependency]]`` ``path`` pattern is written with possessive quantifiers: same
  strings, no exponential backtracking.
- ``OLD_DEPENDENCIES_TOML``: the compiler validates a Dependencies.toml without
  ``dependencies-toml-version`` against ``old-dependencies-toml-schema.json``, which is not
  among the reference files. This one is written from BALLERINA.md §6 (``[[dependency]]``
  with org, name, version, repository; the first three required) with the messages the
  Ballerina.toml schema uses for ``[[dependency]]``. It accepts a ``[ballerina]`` table, so
  a v2 file that lost its version is reported once (BCE5101), not twice.

Keywords understood by :mod:`balmod.manifest.validator`: ``title``, ``type``,
``properties``, ``additionalProperties``, ``required``, ``items``, ``pattern``,
``minLength``, ``maxLength``, ``minimum``, ``maximum``, ``allOf`` and ``message``.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

SEMVER = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)

_STRING: Schema = {"type": "string"}
_BOOLEAN: Schema = {"type": "boolean"}
_STRINGS: Schema = {"type": "array", "items": {"type": "string"}}


def _platform(*, dependency_graalvm: bool) -> Schema:
    """``[platform.javaNN]``: java11 and java17 allow ``graalvmCompatible`` per dependency."""
    dependency_properties: Schema = {
        "path": _STRING,
        "artifactId": _STRING,
        "groupId": _STRING,
        "version": _STRING,
        "scope": _STRING,
    }
    if dependency_graalvm:
        dependency_properties["graalvmCompatible"] = _BOOLEAN
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "dependency": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": dependency_properties,
                },
            },
            "repository": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "id": _STRING,
                        "url": _STRING,
                        "username": _STRING,
                        "password": _STRING,
                    },
                },
            },
            "graalvmCompatible": _BOOLEAN,
        },
        "required": [],
        "message": {"required": "cannot find '${property}' under 'platform.java21'"},
    }


BALLERINA_TOML: Schema = {
    "title": "Ballerina Toml Spec",
    "type": "object",
    "additionalProperties": True,
    "properties": {
        "package": {
            "type": "object",
            "additionalProperties": True,
            "properties": {
                "name": {
                    "type": "string",
                    "pattern": r"^[a-zA-Z0-9_.]*$",
                    "maxLength": 256,
                    "minLength": 1,
                    "message": {
                        "pattern": "invalid 'name' under [package]: 'name' can only contain "
                        "alphanumerics, underscores and periods",
                        "maxLength": "invalid 'name' under [package]: maximum length of 'name' "
                        "is 256 characters",
                        "minLength": "invalid 'name' under [package]: 'name' cannot be empty",
                    },
                    "allOf": [
                        {
                            "type": "string",
                            "pattern": r"^(?!_).*",
                            "message": {
                                "pattern": "invalid 'name' under [package]: 'name' cannot have "
                                "initial underscore characters"
                            },
                        },
                        {
                            "type": "string",
                            "pattern": r".*(?<!_)$",
                            "message": {
                                "pattern": "invalid 'name' under [package]: 'name' cannot have "
                                "trailing underscore characters"
                            },
                        },
                        {
                            "type": "string",
                            "pattern": r"(^(?!.*__).*$|^lang.*)",
                            "message": {
                                "pattern": "invalid 'name' under [package]: 'name' cannot have "
                                "consecutive underscore characters"
                            },
                        },
                        {
                            "type": "string",
                            "pattern": r"^(?![0-9]).*",
                            "message": {
                                "pattern": "invalid 'name' under [package]: 'name' cannot have "
                                "initial numeric characters"
                            },
                        },
                    ],
                },
                "org": {
                    "type": "string",
                    "pattern": r"^[a-zA-Z0-9_]*$",
                    "maxLength": 256,
                    "minLength": 1,
                    "message": {
                        "pattern": "invalid 'org' under [package]: 'org' can only contain "
                        "alphanumerics and underscores",
                        "maxLength": "invalid 'org' under [package]: maximum length of 'org' "
                        "is 256 characters",
                        "minLength": "invalid 'org' under [package]: 'org' cannot be empty",
                    },
                    "allOf": [
                        {
                            "type": "string",
                            "pattern": r"^(?!_).*",
                            "message": {
                                "pattern": "invalid 'org' under [package]: 'org' cannot have "
                                "initial underscore characters"
                            },
                        },
                        {
                            "type": "string",
                            "pattern": r".*(?<!_)$",
                            "message": {
                                "pattern": "invalid 'org' under [package]: 'org' cannot have "
                                "trailing underscore characters"
                            },
                        },
                        {
                            "type": "string",
                            "pattern": r"^(?!.*__).*$",
                            "message": {
                                "pattern": "invalid 'org' under [package]: 'org' cannot have "
                                "consecutive underscore characters"
                            },
                        },
                        {
                            "type": "string",
                            "pattern": r"^(?![0-9]).*",
                            "message": {
                                "pattern": "invalid 'org' under [package]: 'org' cannot have "
                                "initial numeric characters"
                            },
                        },
                    ],
                },
                "version": {
                    "type": "string",
                    "pattern": SEMVER,
                    "message": {
                        "pattern": "invalid 'version' under [package]: 'version' should be "
                        "compatible with semver"
                    },
                },
                "license": _STRINGS,
                "authors": _STRINGS,
                "keywords": _STRINGS,
                "repository": _STRING,
                "export": _STRINGS,
                "include": _STRINGS,
                "distribution": _STRING,
                "visibility": {
                    "type": "string",
                    "pattern": r"^private$",
                    "message": {
                        "pattern": "invalid 'visibility' under [package]: 'visibility' can only "
                        "have value 'private'"
                    },
                },
                "icon": {
                    "type": "string",
                    "pattern": r".*.png$",
                    "message": {
                        "pattern": "invalid 'icon' under [package]: 'icon' can only have 'png' "
                        "images"
                    },
                },
                "template": _BOOLEAN,
                "readme": {
                    "type": "string",
                    "pattern": r".*.md$",
                    "message": {
                        "pattern": "invalid 'readme' under [package]: 'readme' can only have a "
                        "'.md' file"
                    },
                },
                "modules": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": True,
                        "properties": {
                            "name": _STRING,
                            "readme": {
                                "type": "string",
                                "pattern": r".*.md$",
                                "message": {
                                    "pattern": "invalid 'readme' under [[package.modules]]: "
                                    "'readme' can only have a '.md' file"
                                },
                            },
                            "export": _BOOLEAN,
                        },
                        "required": ["name"],
                        "message": {
                            "required": "'${property}' under [[package.modules]] is missing"
                        },
                    },
                },
            },
        },
        "platform": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "java11": _platform(dependency_graalvm=True),
                "java17": _platform(dependency_graalvm=True),
                "java21": _platform(dependency_graalvm=False),
            },
            "message": {"required": "cannot find '${property}' under 'platform'"},
        },
        "dependency": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "org": {
                        "type": "string",
                        "pattern": r"^[a-zA-Z0-9_]*$",
                        "maxLength": 256,
                        "message": {
                            "pattern": "invalid 'org' under [[dependency]]: 'org' can only "
                            "contain alphanumerics and underscores",
                            "maxLength": "invalid 'org' under [[dependency]]: maximum length of "
                            "'org' is 256 characters",
                        },
                    },
                    "name": {
                        "type": "string",
                        "pattern": r"^[a-zA-Z0-9_.]*$",
                        "maxLength": 256,
                        "message": {
                            "pattern": "invalid 'name' under [[dependency]]: 'name' can only "
                            "contain alphanumerics, underscores and periods",
                            "maxLength": "invalid 'name' under [[dependency]]: maximum length of "
                            "'name' is 256 characters",
                        },
                    },
                    "version": {
                        "type": "string",
                        "pattern": SEMVER,
                        "message": {
                            "pattern": "invalid 'version' under [[dependency]]: 'version' should "
                            "be compatible with semver"
                        },
                    },
                    "repository": _STRING,
                    "path": {
                        "type": "string",
                        # The schema's ``([^...]+[\/\\]?)*$`` backtracks exponentially on a
                        # path with a bad character at its end (22 characters take half a
                        # second). Each run of name characters can be read only one way, so
                        # the possessive form below matches exactly the same strings.
                        "pattern": r"^(\.\/|\.\.\/|\/|[a-zA-Z]:\\|[a-zA-Z]:\/)?"
                        r'(?:[^\s\/\\:*?"<>|]++[\/\\]?+)*+$',
                        "message": {"pattern": "invalid 'path' under [[dependency]]"},
                    },
                },
                "message": {"required": "'${property}' under [[dependency]] is missing"},
            },
        },
        "build-options": {
            "type": "object",
            "additionalProperties": True,
            "properties": {
                "observabilityIncluded": _BOOLEAN,
                "offline": _BOOLEAN,
                "skipTests": _BOOLEAN,
                "testReport": _BOOLEAN,
                "codeCoverage": _BOOLEAN,
                "cloud": _STRING,
                "taintCheck": _BOOLEAN,
            },
        },
        "format": {
            "type": "object",
            "additionalProperties": True,
            "properties": {"configPath": _STRING},
        },
    },
}


WORKSPACE_BALLERINA_TOML: Schema = {
    "title": "Workspace Ballerina Toml Spec",
    "type": "object",
    "additionalProperties": True,
    "properties": {
        "workspace": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "packages": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "pattern": r"^[a-zA-Z0-9_.]*$",
                        "maxLength": 256,
                        "minLength": 1,
                        "message": {
                            "pattern": "invalid 'name' under [package]: 'name' can only contain "
                            "alphanumerics, underscores and periods",
                            "maxLength": "invalid 'name' under [package]: maximum length of "
                            "'name' is 256 characters",
                            "minLength": "invalid 'name' under [package]: 'name' cannot be empty",
                        },
                    },
                }
            },
        },
        "dependency-resolution": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"repairOnFailure": _BOOLEAN},
        },
    },
}


DEPENDENCIES_TOML: Schema = {
    "title": "Dependencies Toml Spec",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "ballerina": {
            "type": "object",
            "properties": {
                "dependencies-toml-version": {
                    "type": "string",
                    "pattern": r"^[a-zA-Z0-9_.]*$",
                    "message": {
                        "pattern": "invalid 'toml-version' under [ballerina]: 'toml-version' "
                        "should be a string"
                    },
                }
            },
            "required": ["dependencies-toml-version"],
            "message": {"required": "'${property}' under [ballerina] is missing"},
        },
        "package": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "org": {
                        "type": "string",
                        "pattern": r"^[a-zA-Z0-9_]*$",
                        "maxLength": 256,
                        "message": {
                            "pattern": "invalid 'org' under [[package]]: 'org' can only contain "
                            "alphanumerics and underscores",
                            "maxLength": "invalid 'org' under [[package]]: maximum length of "
                            "'org' is 256 characters",
                        },
                    },
                    "name": {
                        "type": "string",
                        "pattern": r"^[a-zA-Z0-9_.]*$",
                        "maxLength": 256,
                        "message": {
                            "pattern": "invalid 'name' under [[package]]: 'name' can only "
                            "contain alphanumerics, underscores and periods",
                            "maxLength": "invalid 'name' under [[dependency]]: maximum length of "
                            "'name' is 256 characters",
                        },
                    },
                    "version": {
                        "type": "string",
                        "pattern": SEMVER,
                        "message": {
                            "pattern": "invalid 'version' under [[package]]: 'version' should be "
                            "compatible with semver"
                        },
                    },
                    "scope": _STRING,
                    "transitive": _BOOLEAN,
                    "repository": _STRING,
                    "dependencies": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "org": {
                                    "type": "string",
                                    "pattern": r"^[a-zA-Z0-9_]*$",
                                    "maxLength": 256,
                                    "message": {
                                        "pattern": "invalid 'org' under 'dependencies': 'org' can "
                                        "only contain alphanumerics and underscores",
                                        "maxLength": "invalid 'org' under 'dependencies': maximum "
                                        "length of 'org' is 256 characters",
                                    },
                                },
                                "name": {
                                    "type": "string",
                                    "pattern": r"^[a-zA-Z0-9_.]*$",
                                    "maxLength": 256,
                                    "message": {
                                        "pattern": "invalid 'name' under 'dependencies': 'name' "
                                        "can only contain alphanumerics, underscores and periods",
                                        "maxLength": "invalid 'name' under 'dependencies': "
                                        "maximum length of 'name' is 256 characters",
                                    },
                                },
                            },
                        },
                    },
                    "modules": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "org": {
                                    "type": "string",
                                    "pattern": r"^[a-zA-Z0-9_]*$",
                                    "maxLength": 256,
                                    "message": {
                                        "pattern": "invalid 'org' under 'modules': 'org' can only "
                                        "contain alphanumerics and underscores",
                                        "maxLength": "invalid 'org' under 'modules': maximum "
                                        "length of 'org' is 256 characters",
                                    },
                                },
                                "packageName": {
                                    "type": "string",
                                    "pattern": r"^[a-zA-Z0-9_.]*$",
                                    "maxLength": 256,
                                    "message": {
                                        "pattern": "invalid 'packageName' under 'modules': "
                                        "'packageName' can only contain alphanumerics, "
                                        "underscores and periods",
                                        "maxLength": "invalid 'packageName' under 'modules': "
                                        "'packageName' can only contain maximum length is 256 "
                                        "characters",
                                    },
                                },
                                "version": {
                                    "type": "string",
                                    "pattern": SEMVER,
                                    "message": {
                                        "pattern": "invalid 'version' under [[package]]: "
                                        "'version' should be compatible with semver"
                                    },
                                },
                                "moduleName": {
                                    "type": "string",
                                    "pattern": r"^[a-zA-Z0-9_.]*$",
                                    "maxLength": 256,
                                    "message": {
                                        "pattern": "invalid 'moduleName' under 'modules': "
                                        "'moduleName' can only contain alphanumerics, "
                                        "underscores and periods",
                                        "maxLength": "invalid 'moduleName' under 'modules': "
                                        "maximum length of 'moduleName' is 256 characters",
                                    },
                                },
                            },
                        },
                    },
                },
                "required": ["org", "name", "version"],
                "message": {"required": "'${property}' under [[package]] is missing"},
            },
        },
    },
}


# Addition (see the module docstring): the older [[dependency]] form.
OLD_DEPENDENCIES_TOML: Schema = {
    "title": "Dependencies Toml Spec",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "ballerina": {"type": "object"},
        "dependency": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    key: BALLERINA_TOML["properties"]["dependency"]["items"]["properties"][key]
                    for key in ("org", "name", "version", "repository")
                },
                "required": ["org", "name", "version"],
                "message": {"required": "'${property}' under [[dependency]] is missing"},
            },
        },
    },
}
