<?php
# expect: refused line 4 "$databases other than a plain '=' assignment"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'tarn', 'username' => 'tu', 'password' => 'tp', 'host' => 'th');
$databases = array_merge($databases, array());
