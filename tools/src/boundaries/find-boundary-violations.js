"use strict";
// Vigil's module boundaries, checked against Nx's project graph:
// - an app (tag type:app) never depends on another app: apps talk over gRPC
//   and NATS, never through each other's code;
// - a lib (type:lib) never depends on an app or on tools.
// Tools (benchmarks, CLI) may use anything.
Object.defineProperty(exports, "__esModule", { value: true });
exports.findBoundaryViolations = findBoundaryViolations;
function kindOf(tags) {
    if (tags.includes('type:app'))
        return 'app';
    if (tags.includes('type:lib'))
        return 'lib';
    if (tags.includes('type:tools'))
        return 'tools';
    return 'unknown';
}
function findBoundaryViolations(graph) {
    var violations = [];
    for (var _i = 0, _a = Object.entries(graph.dependencies); _i < _a.length; _i++) {
        var _b = _a[_i], source = _b[0], deps = _b[1];
        var sourceNode = graph.nodes[source];
        if (!sourceNode)
            continue; // npm packages appear as dependency targets only
        var sourceKind = kindOf(sourceNode.tags);
        for (var _c = 0, deps_1 = deps; _c < deps_1.length; _c++) {
            var target = deps_1[_c].target;
            var targetNode = graph.nodes[target];
            if (!targetNode)
                continue;
            var targetKind = kindOf(targetNode.tags);
            if (sourceKind === 'unknown') {
                violations.push({ source: source, target: target, rule: 'every project needs a type:app, type:lib or type:tools tag' });
            }
            else if (sourceKind === 'app' && targetKind === 'app') {
                violations.push({ source: source, target: target, rule: 'apps never import each other' });
            }
            else if (sourceKind === 'lib' && (targetKind === 'app' || targetKind === 'tools')) {
                violations.push({ source: source, target: target, rule: "libs never import ".concat(targetKind === 'app' ? 'apps' : 'tools') });
            }
        }
    }
    return violations;
}
