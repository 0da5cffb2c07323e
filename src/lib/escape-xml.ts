// Text safe inside XML (and HTML) content and attribute values: the five special characters escaped, and the
// control characters XML 1.0 cannot carry at all replaced by U+FFFD, so an odd id never breaks a document.
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
