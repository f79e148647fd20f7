/**
 * The post-mortem report: one self-contained HTML page and its results.json.
 *
 * <p>{@link org.explaint.report.ReportWriter#write} is the entry point. The page is assembled
 * from a results tree in three steps: {@code ResultsReader} reads every field the page shows
 * (the only class that knows JSON field names), the section writers turn that content into
 * markup through {@code Html}, which escapes all text, and the charts are drawn as inline SVG.
 * The page requests nothing: no scripts, styles, fonts or images from anywhere, enforced by a
 * Content-Security-Policy; the field contract is {@code results.schema.json} in this package.
 */
package org.explaint.report;
