// The content type a client should send with an upload, from the file name's extension (the
// bytes are checked when the upload completes; this is only what the PUT declares).
const BY_EXTENSION: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif',
  svg: 'image/svg+xml', ico: 'image/x-icon', bmp: 'image/bmp', pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv',
  json: 'application/json', zip: 'application/zip', gz: 'application/gzip', mp3: 'audio/mpeg', mp4: 'video/mp4',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  html: 'text/html', htm: 'text/html', xml: 'application/xml', md: 'text/markdown',
};

export function contentTypeForName(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return (dot >= 0 && BY_EXTENSION[filename.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
