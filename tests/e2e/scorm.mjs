// `make scorm`: packs dist/ as a SCORM 1.2 activity an LMS imports (imsmanifest.xml at the root,
// index.html the launch file). Usage: node scorm.mjs <dist> <out.zip> <version>
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { zip } from './zip.mjs';

const [dist, out, version = '0.0.0'] = process.argv.slice(2);
if (!dist || !out) {
  console.error('usage: node scorm.mjs <dist> <out.zip> [version]');
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
const manifest = `<?xml version="1.0" encoding="UTF-8"?>
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
      <title>Optimizer Playground</title>
      <item identifier="item" identifierref="playground">
        <title>Optimizer Playground: race optimizers side by side</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="playground" type="webcontent" adlcp:scormtype="sco" href="index.html">
${files.map((f) => `      <file href="${escape(f.name)}"/>`).join('\n')}
    </resource>
  </resources>
</manifest>
`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, zip([{ name: 'imsmanifest.xml', data: Buffer.from(manifest) }, ...files]));
console.log(`${out}: SCORM 1.2 package of ${files.length} files (launch: index.html)`);
