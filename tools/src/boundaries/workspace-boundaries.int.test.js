"use strict";
var __assign = (this && this.__assign) || function () {
    __assign = Object.assign || function(t) {
        for (var s, i = 1, n = arguments.length; i < n; i++) {
            s = arguments[i];
            for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p))
                t[p] = s[p];
        }
        return t;
    };
    return __assign.apply(this, arguments);
};
Object.defineProperty(exports, "__esModule", { value: true });
// Checks the real workspace: Nx computes the project graph from the actual
// imports, and no edge may break the boundary rules.
var node_child_process_1 = require("node:child_process");
var node_fs_1 = require("node:fs");
var node_os_1 = require("node:os");
var node_path_1 = require("node:path");
var vitest_1 = require("vitest");
var find_boundary_violations_js_1 = require("./find-boundary-violations.js");
(0, vitest_1.test)('no project in the workspace crosses a module boundary', function () {
    var workspaceRoot = (0, node_path_1.join)(import.meta.dirname, '../../..');
    var file = (0, node_path_1.join)((0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), 'vigil-graph-')), 'graph.json');
    (0, node_child_process_1.execFileSync)((0, node_path_1.join)(workspaceRoot, 'node_modules/.bin/nx'), ['graph', "--file=".concat(file)], {
        cwd: workspaceRoot,
        env: __assign(__assign({}, process.env), { NX_DAEMON: 'false' }),
        stdio: 'ignore',
    });
    var graph = JSON.parse((0, node_fs_1.readFileSync)(file, 'utf8')).graph;
    var view = {
        nodes: Object.fromEntries(Object.entries(graph.nodes).map(function (_a) {
            var _b;
            var name = _a[0], n = _a[1];
            return [name, { tags: (_b = n.data.tags) !== null && _b !== void 0 ? _b : [] }];
        })),
        dependencies: graph.dependencies,
    };
    (0, vitest_1.expect)(Object.keys(view.nodes)).toContain('dedup');
    (0, vitest_1.expect)((0, find_boundary_violations_js_1.findBoundaryViolations)(view)).toEqual([]);
});
