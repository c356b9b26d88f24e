"""Ceylon module descriptors (``module.ceylon``): the second module system behind balmod.

What the Ceylon tools do, as found in the Ceylon 1.3 sources (class names in parentheses)
and in seed 002; each module below gives the details.

Descriptors (:mod:`.parser`, grammar ``grammar/ceylon_module.lark``)
    ``"doc" by("x") native("jvm") module com.example.foo "1.2.0" { shared import
    com.example.bar "3.4.1"; }`` (``Ceylon.g``: ``moduleDescriptor``, ``importModule``),
    with namespaced and quoted names (``import maven:"g:a" "1";``), version constants
    (``value v = "1"; import x v;``) and the pre-1.0 single-quoted versions. Comments nest.

Checks (:mod:`.checks`), in the typechecker's words (``ModuleVisitor``, ``ModuleValidator``,
``ModuleHelper``)
    syntax; versions; reserved names; the name against the directory; duplicate imports;
    imports whose artifact is in no repository; two versions of one module across the
    project's descriptors.

Versions (:mod:`.versions`)
    ``CeylonVersionComparator``, not SemVer.

Repositories (:mod:`.roots`, :mod:`.index`, :mod:`.archives`)
    ``<repo>/<name as directories>/<version>/<name>-<version>.car`` (and ``.jar``, ``.src``,
    ``.js``, ``module.properties``), searched in the order of ``Repositories``: the
    distribution's ``repo/``, ``~/.ceylon/cache``, the project's ``modules/``, lookup
    repositories, ``~/.ceylon/repo``. Read lazily; archives are read in memory and never
    extracted: go-to-definition names a ``.src``'s descriptor by a path through the archive
    (:mod:`balmod.extracted`).

Projects (:mod:`.project`, :mod:`.config`)
    The nearest directory with ``.ceylon/config`` or a ``source/`` directory;
    ``[compiler] source=`` and ``[repositories]`` from the config.

Entry point: :class:`CeylonService`, a :class:`~balmod.service.LanguageService`.
"""

from balmod.ceylon.roots import CeylonRoots
from balmod.ceylon.service import CeylonService

__all__ = ["CeylonRoots", "CeylonService"]
