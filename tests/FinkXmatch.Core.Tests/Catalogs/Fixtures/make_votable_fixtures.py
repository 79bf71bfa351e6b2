# Writes sample_{tabledata,binary,binary2}.xml with astropy (Debian python3-astropy 5.2.1) and prints
# astropy's own reading of them, the reference for VOTableFixtureTests. Run: python3 make_votable_fixtures.py
import os
here = os.path.dirname(os.path.abspath(__file__))
import numpy as np
from astropy.table import Table, MaskedColumn, Column
from astropy.io.votable import from_table, writeto
t = Table()
t['id'] = MaskedColumn(np.array([1, -2, 0, 2147483647], dtype=np.int32), mask=[False, False, True, False])
t['name'] = MaskedColumn(np.array(['M31', 'Ångström', '東京 α', ''], dtype='U'), mask=[False, False, False, True])
t['code'] = np.array([b'ab', b'x', b'', b'long code'], dtype='S9')
t['ra'] = np.array([10.684708, 0.0, 359.999999, 123.456], dtype=np.float64)
t['dec'] = np.array([41.26875, -89.5, -0.000001, 5.0], dtype=np.float64)
t['mag'] = MaskedColumn(np.array([3.44, -1.5, np.nan, 20.25], dtype=np.float32), mask=[False, False, True, False])
t['flag'] = MaskedColumn(np.array([True, False, True, False]), mask=[False, False, False, True])
t['small'] = np.array([-32768, 7, -1, 32767], dtype=np.int16)
t['big'] = MaskedColumn(np.array([-9007199254740993, 42, 0, 9223372036854775807], dtype=np.int64), mask=[False, False, True, False])
t['ub'] = np.array([0, 255, 7, 128], dtype=np.uint8)
t['vec'] = np.array([[1, 2, 3], [-4, 5, -6], [0, 0, 0], [7, 8, 9]], dtype=np.int32)
t['dvec'] = np.array([[0.5, -1.25], [np.nan, 2], [1e300, -1e-300], [0, 1]], dtype=np.float64)
for fmt in ['tabledata', 'binary', 'binary2']:
    vt = from_table(t)
    tab = vt.get_first_table()
    for f in tab.fields:
        if f.name == 'id': f.values.null = -999
        if f.name == 'big': f.values.null = -9223372036854775808
        if f.name == 'flag': f.datatype = 'boolean'
        if f.name == 'code': f.arraysize = '*'
        if f.name == 'name': f.arraysize = '*'
        f._setup(tab._config, None)
    writeto(vt, os.path.join(here, f'sample_{fmt}.xml'), tabledata_format=fmt)

from astropy.io.votable import parse
for fmt in ['tabledata', 'binary', 'binary2']:
    tt = parse(os.path.join(here, f'sample_{fmt}.xml')).get_first_table()
    print(fmt, [(f.name, f.datatype, f.arraysize) for f in tt.fields])
    for i in range(len(tt.array)): print([tt.array[c][i] for c in tt.array.dtype.names])
    print(tt.array.mask)
