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
var vitest_1 = require("vitest");
var find_boundary_violations_js_1 = require("./find-boundary-violations.js");
var nodes = {
    ingest: { tags: ['type:app'] },
    incidents: { tags: ['type:app'] },
    dedup: { tags: ['type:lib'] },
    tools: { tags: ['type:tools'] },
};
(0, vitest_1.describe)('findBoundaryViolations', function () {
    (0, vitest_1.test)('apps may use libs, tools may use apps', function () {
        var graph = {
            nodes: nodes,
            dependencies: { ingest: [{ target: 'dedup' }, { target: 'npm:pg' }], tools: [{ target: 'ingest' }] },
        };
        (0, vitest_1.expect)((0, find_boundary_violations_js_1.findBoundaryViolations)(graph)).toEqual([]);
    });
    (0, vitest_1.test)('an app importing another app is a violation', function () {
        var graph = { nodes: nodes, dependencies: { incidents: [{ target: 'ingest' }] } };
        (0, vitest_1.expect)((0, find_boundary_violations_js_1.findBoundaryViolations)(graph)).toEqual([
            { source: 'incidents', target: 'ingest', rule: 'apps never import each other' },
        ]);
    });
    (0, vitest_1.test)('a lib importing an app or tools is a violation', function () {
        var graph = { nodes: nodes, dependencies: { dedup: [{ target: 'ingest' }, { target: 'tools' }] } };
        (0, vitest_1.expect)((0, find_boundary_violations_js_1.findBoundaryViolations)(graph).map(function (v) { return v.rule; })).toEqual([
            'libs never import apps',
            'libs never import tools',
        ]);
    });
    (0, vitest_1.test)('an untagged project is reported', function () {
        var graph = {
            nodes: __assign(__assign({}, nodes), { stray: { tags: [] } }),
            dependencies: { stray: [{ target: 'dedup' }] },
        };
        (0, vitest_1.expect)((0, find_boundary_violations_js_1.findBoundaryViolations)(graph)).toHaveLength(1);
    });
});
