// `make scorm`: packs dist/ as SCORM activities an LMS imports, in both versions LMSs speak:
// SCORM 1.2 and SCORM 2004 4th Edition (imsmanifest.xml at the root, index.html the launch
// file, every file listed). Usage: node scorm.mjs <dist> <out-dir> <version>
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';

const [dist, outDir, version = '0.0.0'] = process.argv.slice(2);
if (!dist || !outDir) {
  console.error('usage: node scorm.mjs <dist> <out-dir> [version]');
  process.exit(2);
}

function walk(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const files = walk(dist).map((path) => ({ name: relative(dist, path).split('\\').join('/'), data: readFileSync(path) }));
if (!files.some((f) => f.name === 'index.html')) {
  console.error(`${dist} has no index.html: run trunk build --release first`);
  process.exit(1);
}
const fileList = files.map((f) => `      <file href="${escape(f.name)}"/>`).join('\n');
const title = 'Optimizer Playground';
const itemTitle = 'Optimizer Playground: race optimizers side by side';

/** The manifest of each version; both list every packed file under one SCO. */
const MANIFESTS = {
  '1.2': `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="optimizer-playground-${escape(version)}" version="1.2"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>${title}</title>
      <item identifier="item" identifierref="playground">
        <title>${itemTitle}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="playground" type="webcontent" adlcp:scormtype="sco" href="index.html">
${fileList}
    </resource>
  </resources>
</manifest>
`,
  '2004': `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="optimizer-playground-${escape(version)}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>${title}</title>
      <item identifier="item" identifierref="playground">
        <title>${itemTitle}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="playground" type="webcontent" adlcp:scormType="sco" href="index.html">
${fileList}
    </resource>
  </resources>
</manifest>
`,
};

mkdirSync(outDir, { recursive: true });
for (const [scorm, manifest] of Object.entries(MANIFESTS)) {
  const entries = { 'imsmanifest.xml': [Buffer.from(manifest), { level: 9 }] };
  // A fixed date: the same dist/ gives the same archive.
  for (const f of files) entries[f.name] = [f.data, { level: 9, mtime: new Date('1980-01-01T00:00:00Z') }];
  const out = join(outDir, `optimizer-playground-scorm${scorm.replace('.', '')}.zip`);
  writeFileSync(out, zipSync(entries, { mtime: new Date('1980-01-01T00:00:00Z') }));
  console.log(`${out}: SCORM ${scorm} package of ${files.length} files (launch: index.html)`);
}
