"""Ballerina before Swan Lake (0.990 to 1.2): projects, repositories, imports, manifests.

What the 1.x tools do on disk, as found in the ballerina-lang 0.990 and 1.x sources (class
names in parentheses) and in seeds 000 and 003; each module below gives the details.

Projects (:mod:`.project`)
    A ``Ballerina.toml`` with a ``[project]`` table (``org-name``, ``version``, ``license``,
    ``authors``, ``repository``, ``keywords``, ``templates``; ``ManifestProcessor``,
    ``Manifest``). 0.990 projects also hold the ``.ballerina/`` project repository
    (``ProjectDirConstants.DOT_BALLERINA_DIR_NAME``) and every top-level directory but
    ``tests``/``resources``/``target`` is a module; 1.0 to 1.2 put modules in ``src/<module>/``
    (``SOURCE_DIR_NAME``) with ``tests/`` and ``resources/`` inside each. Root ``.bal`` files
    are the unnamed module. Dependencies: ``[dependencies]`` with ``"org/mod" = "1.2.0"``,
    ``"org/mod" = {version = "...", path = "x.balo"}`` or ``[dependencies."org/mod"]``
    tables (``DependencyMetadata``). ``Ballerina.lock`` (``LOCK_FILE_NAME``): in 1.x
    ``org_name``/``version``/``lockfile_version``/``ballerina_version`` and
    ``[[imports."org/mod:version"]]`` entries (``LockFileImport``: ``org_name``, ``name``,
    ``version``); in 0.990 ``[project]`` plus ``[[package]]`` with ``imports`` arrays
    (``LockFileBuildListener``).

Repositories (:mod:`.repositories`), in the order ``PackageLoader.genRepoHierarchy`` searches
    - project: ``<project>/.ballerina/repo/<org>/<mod>/<ver>/<mod>.zip`` (``ZipRepo``) and
      ``.ballerina/caches/central.ballerina.io/<org>/<mod>/<ver>/<mod>.zip`` (``CacheRepo``);
    - home: ``$BALLERINA_HOME_DIR`` or ``~/.ballerina`` (``HOME_REPO_ENV_KEY``,
      ``HOME_REPO_DEFAULT_DIRNAME``): the same ``repo/`` and ``caches/central.ballerina.io/``
      in 0.990; in 1.x ``balo_cache/<org>/<mod>/<ver>/<mod>-<impl>-<platform>-<ver>.balo``
      (``HomeBaloRepo``, ``BALO_CACHE_DIR_NAME``; e.g. ``twitter-2020r1-java8-0.10.0.balo``);
    - system: ``$BALLERINA_HOME/lib/repo/<org>/<mod>/<ver>/`` (``RepoUtils.getLibDir``;
      ``<mod>.zip`` in 0.990, ``<mod>.balo`` in 1.2 as ``LSStdLibCacheUtil`` reads it), the
      only source of ``ballerina`` and ``ballerinax`` modules. ``bre/lib`` (runtime jars)
      and ``bir-cache/`` (``DIST_BIR_CACHE_DIR_NAME``, compiled BIR) hold no sources.
    The compiler also asks Ballerina Central; balmod reads only what is on disk.

Archives (:mod:`.balo`)
    Zip files. A 1.x balo (``BaloFileWriter``): ``metadata/BALO.toml`` (``balo_version``,
    ``built_by``), ``metadata/MODULE.toml`` (``module_organization``, ``module_name``,
    ``module_version``, ``platform``, ``ballerina_version``...), ``metadata/Ballerina.toml``,
    ``src/<module>/**.bal``, ``docs/``, ``resources/``, ``platform-libs/``. A 0.990 zip:
    ``src/**.bal`` (and ``obj/<mod>.balo``, compiled). They are read in memory with
    :mod:`zipfile` and never extracted: a module's sources are named by paths through the
    archive (``<archive>/src/<module>/a.bal``, :mod:`balmod.extracted`), which symbols,
    hover, definition and the editor's read-only ``balmod-archive:`` documents read.

Imports (:mod:`.checks`, :mod:`.resolver`)
    ``import foo;`` names a module of the same project only; ``import org/mod version 1.0.0
    as x;`` is valid. Versions: the import's clause, else Ballerina.lock, else
    Ballerina.toml, else the latest in the first repository that has the module
    (``updateModuleIDVersion``, ``RepoHierarchy``). Org names: lowercase letters, digits and
    ``_``; module names: letters, digits, ``_`` and ``.``; both at most 256 characters.

Entry point: :class:`~balmod.legacy.engine.LegacyEngine`.
"""

from balmod.legacy.engine import LegacyEngine
from balmod.legacy.project import LegacyProject, find_legacy_root, load_legacy_project
from balmod.legacy.repositories import LegacyIndex, LegacyRoots
from balmod.legacy.resolver import LegacyResolver

__all__ = [
    "LegacyEngine",
    "LegacyIndex",
    "LegacyProject",
    "LegacyResolver",
    "LegacyRoots",
    "find_legacy_root",
    "load_legacy_project",
]
