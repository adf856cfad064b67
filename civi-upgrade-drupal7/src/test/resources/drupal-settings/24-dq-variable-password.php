<?php
# expect: refused line 4 "'password' in $databases['default']['default'] is a string with a $variable inside"
$pw = 'zinnia';
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'zeal', 'username' => 'zu', 'password' => "$pw", 'host' => 'zh');
