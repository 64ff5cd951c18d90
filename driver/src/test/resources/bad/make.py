#!/usr/bin/env python3
"""Writes the malformed-input corpus of BadInputTest (small files; run from this directory).
Every case is for the network --layers 4,3,3: 2x2 images or 4 features, classes 0..2."""
import gzip, os, struct

def idx_images(count, rows, cols, pixels, magic=0x803):
    return struct.pack('>iiii', magic, count, rows, cols) + bytes(pixels)

def idx_labels(count, labels, magic=0x801):
    return struct.pack('>ii', magic, count) + bytes(labels)

def write(name, data):
    os.makedirs(os.path.dirname(name) or '.', exist_ok=True)
    with open(name, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())

good_pixels = [(7 * i) % 256 for i in range(6 * 4)]
good_labels = [0, 1, 2, 0, 1, 2]
# good IDX, to pair with broken counterparts
write('idx-good/train-images-idx3-ubyte', idx_images(6, 2, 2, good_pixels))
write('idx-good/train-labels-idx1-ubyte', idx_labels(6, good_labels))
# wrong magic: a label file where the images should be, and the other way round
write('idx-magic/train-images-idx3-ubyte', idx_labels(6, good_labels))
write('idx-magic/train-labels-idx1-ubyte', idx_labels(6, good_labels))
write('idx-label-magic/train-images-idx3-ubyte', idx_images(6, 2, 2, good_pixels))
write('idx-label-magic/train-labels-idx1-ubyte', idx_images(6, 2, 2, good_pixels))
# truncated: the header promises 6 images, the file holds 5 and a half
write('idx-truncated/train-images-idx3-ubyte', idx_images(6, 2, 2, good_pixels)[:-6])
write('idx-truncated/train-labels-idx1-ubyte', idx_labels(6, good_labels))
# truncated inside gzip: only the decompressed stream can tell
write('idx-truncated-gz/train-images-idx3-ubyte.gz', gzip.compress(idx_images(6, 2, 2, good_pixels)[:-6], mtime=0))
write('idx-truncated-gz/train-labels-idx1-ubyte', idx_labels(6, good_labels))
# a header cut short
write('idx-header/train-images-idx3-ubyte', idx_images(6, 2, 2, good_pixels)[:10])
write('idx-header/train-labels-idx1-ubyte', idx_labels(6, good_labels))
# an empty image file
write('idx-empty/train-images-idx3-ubyte', b'')
write('idx-empty/train-labels-idx1-ubyte', idx_labels(6, good_labels))
# 6 images, 5 labels
write('idx-counts/train-images-idx3-ubyte', idx_images(6, 2, 2, good_pixels))
write('idx-counts/train-labels-idx1-ubyte', idx_labels(5, good_labels[:5]))
# 3x3 images for a 4-input network
write('idx-size/train-images-idx3-ubyte', idx_images(6, 3, 3, [1] * 54))
write('idx-size/train-labels-idx1-ubyte', idx_labels(6, good_labels))
# label 5 for 3 classes
write('idx-label/train-images-idx3-ubyte', idx_images(6, 2, 2, good_pixels))
write('idx-label/train-labels-idx1-ubyte', idx_labels(6, [0, 1, 2, 5, 1, 2]))
# a directory without labels
write('idx-no-labels/train-images-idx3-ubyte', idx_images(6, 2, 2, good_pixels))

good = ['0 1:0.5 3:1', '1 2:0.25 4:0.75', '2 1:1 2:1 3:1 4:1', '0 4:0.5', '1 1:0.1', '2 3:0.3']
def libsvm(name, bad_line, at=4):
    lines = good[:at] + [bad_line] + good[at:]
    write(name, '\n'.join(lines) + '\n')

write('good.libsvm', '\n'.join(good) + '\n')
write('empty.libsvm', '')
write('blank.libsvm', '\n\n# only a comment\n\n')
libsvm('index-out-of-range.libsvm', '1 2:0.5 5:1')
libsvm('index-zero.libsvm', '1 0:0.5 2:1')
libsvm('index-not-increasing.libsvm', '1 3:0.5 2:1')
libsvm('index-repeated.libsvm', '1 2:0.5 2:1')
libsvm('value-not-a-number.libsvm', '1 2:abc')
libsvm('index-not-a-number.libsvm', '1 x:0.5')
libsvm('value-nan.libsvm', '1 2:NaN')
libsvm('value-infinite.libsvm', '1 2:-Infinity')
libsvm('label-out-of-range.libsvm', '7 1:0.5')
libsvm('label-negative.libsvm', '-1 1:0.5')
libsvm('label-fraction.libsvm', '1.5 1:0.5')
libsvm('label-not-a-number.libsvm', 'cat 1:0.5')
libsvm('not-a-pair.libsvm', '1 2:0.5 0.75')
# the bad line deep in the file, past the first split (the files are read as 2 splits)
libsvm('late-error.libsvm', '1 2:0.5 9:1', at=6)

goodcsv = ['0,0.5,0,1,0', '1,0,0.25,0,0.75', '2,1,1,1,1', '0,0,0,0,0.5', '1,0.1,0,0,0', '2,0,0,0.3,0']
def csv(name, bad_line, header=False):
    lines = (['label,a,b,c,d'] if header else []) + goodcsv[:3] + [bad_line] + goodcsv[3:]
    write(name, '\n'.join(lines) + '\n')

write('good.csv', 'label,x1,x2,x3,x4\n' + '\n'.join(goodcsv) + '\n')
write('empty.csv', '')
write('header-only.csv', 'label,x1,x2,x3,x4\n')
csv('too-few-columns.csv', '1,0.5,0.5,0.5')
csv('too-many-columns.csv', '1,0.5,0.5,0.5,0.5,0.5', header=True)
csv('value-not-a-number.csv', '1,0.5,oops,0.5,0.5')
csv('value-nan.csv', '1,0.5,NaN,0.5,0.5')
csv('value-infinite.csv', '1,0.5,Infinity,0.5,0.5')
csv('label-out-of-range.csv', '3,0.5,0.5,0.5,0.5')
csv('empty-value.csv', '1,0.5,,0.5,0.5')

# part files: the second holds the bad line (its line 2); hidden files are skipped
write('parts/part-00000', '\n'.join(good[:3]) + '\n')
write('parts/part-00001', good[3] + '\n1 2:0.5 2:0.5\n' + good[4] + '\n')
write('parts/_SUCCESS', '')
write('empty-parts/part-00000', '')
write('empty-parts/part-00001', '')

write('model-not-json.json', 'sizes: [4, 3, 3]\n')
write('model-truncated.json', '{"sizes": [4, 3, 3], "weights": [[[0.1, 0.2')
write('model-sizes.json', '{"sizes": [4, 2, 3], "weights": [[[0,0,0,0],[0,0,0,0]], [[0,0],[0,0],[0,0]]],'
      ' "biases": [[[0],[0]], [[0],[0],[0]]], "cost": "QuadraticCost"}')
write('model-shape.json', '{"sizes": [4, 3, 3], "weights": [[[0,0,0,0]]], "biases": [[[0]]]}')
