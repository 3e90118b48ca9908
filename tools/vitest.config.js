"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
var vitest_shared_ts_1 = require("../../vitest.shared.ts");
exports.default = (0, vitest_shared_ts_1.vigilVitestConfig)(import.meta.dirname);
